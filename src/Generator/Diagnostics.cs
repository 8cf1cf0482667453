using Microsoft.CodeAnalysis;

namespace LambdaStreamGen.Generator;

/// <summary>
/// Every shape the generator cannot serve, with a stable id. Each is documented in docs/diagnostics.md; the analyzer
/// reports them and the generator then emits nothing for the interface, so no broken code is ever generated.
/// </summary>
internal static class Diagnostics
{
    private const string Category = "LambdaStreamGen";
    private const string HelpBase = "docs/diagnostics.md#";

    public static readonly DiagnosticDescriptor InterfaceNotPartial = Error(
        "LSG0001", "Interface must be partial", "Interface '{0}' must be declared partial so that the generator can add its Create factory: add the 'partial' modifier");

    public static readonly DiagnosticDescriptor NotAnInterface = Error(
        "LSG0002", "[LambdaStreamingFunction] belongs on an interface", "'{0}' is a {1}; put [LambdaStreamingFunction] on a partial interface, or on a method of one");

    public static readonly DiagnosticDescriptor GenericNotSupported = Error(
        "LSG0003", "Generic interfaces and methods are not supported", "'{0}' is generic; a generated client calls one function with fixed types: use concrete types such as Page<Row> in the signature instead");

    public static readonly DiagnosticDescriptor UnsupportedReturnType = Error(
        "LSG0004", "Unsupported return type", "Method '{0}' returns '{1}'; return IAsyncEnumerable<T>, Task<LambdaResponseStream> or ValueTask<LambdaResponseStream>");

    public static readonly DiagnosticDescriptor MultiplePayloads = Error(
        "LSG0005", "More than one payload parameter", "Method '{0}' has more than one payload parameter ({1}); an invocation carries one payload: combine them into one type");

    public static readonly DiagnosticDescriptor ByReferenceParameter = Error(
        "LSG0006", "ref, out and in parameters are not supported", "Parameter '{1}' of method '{0}' is passed by reference; generated methods take their parameters by value: remove the modifier");

    public static readonly DiagnosticDescriptor UnsupportedMember = Error(
        "LSG0007", "Only methods can be generated", "'{0}' is a {1}; a generated client implements methods only: remove it or move it to another interface");

    public static readonly DiagnosticDescriptor InvalidFunctionName = Error(
        "LSG0008", "Invalid function name", "Function name '{0}' on '{1}' is not valid: {2}");

    public static readonly DiagnosticDescriptor InvalidQualifier = Error(
        "LSG0009", "Invalid qualifier", "Qualifier '{0}' on '{1}' is not valid: {2}");

    public static readonly DiagnosticDescriptor InvalidJsonContext = Error(
        "LSG0010", "JsonContext must be a JsonSerializerContext", "JsonContext '{0}' on '{1}' does not derive from System.Text.Json.Serialization.JsonSerializerContext: pass a [JsonSerializable] context type");

    public static readonly DiagnosticDescriptor FormatDoesNotFit = Error(
        "LSG0011", "Stream format does not fit the item type", "Method '{0}' reads {1} but yields '{2}': {3}");

    public static readonly DiagnosticDescriptor DuplicateSpecialParameter = Error(
        "LSG0012", "Repeated special parameter", "Method '{0}' has more than one {1} parameter; keep one");

    public static readonly DiagnosticDescriptor[] All =
    [
        InterfaceNotPartial, NotAnInterface, GenericNotSupported, UnsupportedReturnType, MultiplePayloads, ByReferenceParameter,
        UnsupportedMember, InvalidFunctionName, InvalidQualifier, InvalidJsonContext, FormatDoesNotFit, DuplicateSpecialParameter,
    ];

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpBase + id.ToLowerInvariant());
}
