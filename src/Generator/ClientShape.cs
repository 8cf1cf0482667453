using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Linq;
using LambdaStreamGen.Generator.Model;
using LambdaStreamGen.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LambdaStreamGen.Generator;

/// <summary>
/// Reads an annotated interface once and decides what can be generated: a <see cref="ClientModel"/>, or the problems
/// that prevent it. The generator keeps only the model (null when there is any problem); the analyzer reports the
/// problems. Both use this one reading, so they never disagree about what is valid.
/// </summary>
internal sealed class ClientShape
{
    public const string AttributeName = "LambdaStreamGen.LambdaStreamingFunctionAttribute";

    private static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    private readonly List<Diagnostic> _problems = [];
    private readonly KnownTypes _types;

    // Looking the known types up costs more than reading a typical interface, and every interface of a compilation
    // needs the same ones: share them per compilation (a new compilation after an edit gets its own).
    private static readonly ConditionalWeakTable<Compilation, KnownTypes> TypesByCompilation = new();

    private ClientShape(Compilation compilation) => _types = TypesByCompilation.GetValue(compilation, static c => new KnownTypes(c));

    public IReadOnlyList<Diagnostic> Problems => _problems;

    public ClientModel? Model { get; private set; }

    public static ClientShape Read(INamedTypeSymbol type, Compilation compilation)
    {
        var shape = new ClientShape(compilation);
        shape.Model = shape.ReadClient(type);
        if (shape._problems.Count > 0)
        {
            shape.Model = null;
        }

        return shape;
    }

    private ClientModel? ReadClient(INamedTypeSymbol type)
    {
        AttributeData? attribute = type.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == AttributeName);
        Location location = type.Locations.FirstOrDefault() ?? Location.None;
        if (attribute is null)
        {
            return null;
        }

        if (type.TypeKind != TypeKind.Interface)
        {
            Report(Diagnostics.NotAnInterface, location, type.Name, type.TypeKind.ToString().ToLowerInvariant());
            return null;
        }

        if (!type.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is InterfaceDeclarationSyntax declaration && declaration.Modifiers.Any(SyntaxKind.PartialKeyword)))
        {
            Report(Diagnostics.InterfaceNotPartial, location, type.Name);
        }

        if (type.IsGenericType)
        {
            Report(Diagnostics.GenericNotSupported, location, type.Name);
        }

        (string? functionName, string? qualifier) = ReadFunction(attribute, type.Name, location);
        string? jsonContext = null;
        foreach (KeyValuePair<string, TypedConstant> argument in attribute.NamedArguments)
        {
            if (argument.Key == "JsonContext" && argument.Value.Value is INamedTypeSymbol context)
            {
                if (!_types.IsJsonSerializerContext(context))
                {
                    Report(Diagnostics.InvalidJsonContext, location, context.Name, type.Name);
                }

                jsonContext = context.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
            }
        }

        var methods = new List<MethodModel>();
        foreach (INamedTypeSymbol declaring in new[] { type }.Concat(type.AllInterfaces))
        {
            foreach (ISymbol member in declaring.GetMembers())
            {
                ReadMember(member, declaring, methods);
            }
        }

        if (functionName is null)
        {
            return null;
        }

        string ns = type.ContainingNamespace.IsGlobalNamespace ? string.Empty : type.ContainingNamespace.ToDisplayString();
        var containing = new List<string>();
        for (INamedTypeSymbol? outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            string keyword = outer.TypeKind == TypeKind.Interface ? "interface" : outer.IsRecord ? (outer.IsValueType ? "record struct" : "record") : outer.IsValueType ? "struct" : "class";
            containing.Insert(0, $"partial {keyword} {Escape(outer.Name)}");
        }

        return new ClientModel(
            HintName: MetadataName(type) + ".LambdaClient.g.cs",
            Namespace: ns,
            InterfaceName: Escape(type.Name),
            ContainingTypes: containing.ToEquatableArray(),
            FullyQualifiedInterface: type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
            FunctionName: functionName,
            Qualifier: qualifier,
            JsonContext: jsonContext,
            Methods: methods.ToEquatableArray());
    }

    private void ReadMember(ISymbol member, INamedTypeSymbol declaring, List<MethodModel> methods)
    {
        Location location = member.Locations.FirstOrDefault() ?? Location.None;
        switch (member)
        {
            case IMethodSymbol { MethodKind: MethodKind.Ordinary } method when !method.IsStatic && method.IsAbstract:
                if (ReadMethod(method, declaring, location) is { } model)
                {
                    methods.Add(model);
                }

                break;
            case IPropertySymbol property when property.IsAbstract:
                Report(Diagnostics.UnsupportedMember, location, member.Name, property.IsIndexer ? "indexer" : "property");
                break;
            case IEventSymbol @event when @event.IsAbstract:
                Report(Diagnostics.UnsupportedMember, location, member.Name, "event");
                break;
        }
    }

    private MethodModel? ReadMethod(IMethodSymbol method, INamedTypeSymbol declaring, Location location)
    {
        bool valid = true;
        if (method.IsGenericMethod)
        {
            Report(Diagnostics.GenericNotSupported, location, method.Name);
            valid = false;
        }

        ReturnShape shape;
        ITypeSymbol? item = null;
        if (_types.AsyncEnumerableItem(method.ReturnType) is { } itemType)
        {
            shape = ReturnShape.AsyncEnumerable;
            item = itemType;
        }
        else if (_types.IsTaskOfResponse(method.ReturnType))
        {
            shape = ReturnShape.TaskOfResponse;
        }
        else if (_types.IsValueTaskOfResponse(method.ReturnType))
        {
            shape = ReturnShape.ValueTaskOfResponse;
        }
        else
        {
            Report(Diagnostics.UnsupportedReturnType, location, method.Name, method.ReturnType.ToDisplayString());
            return null;
        }

        PayloadFormat format = item is null ? PayloadFormat.Bytes : DefaultFormat(item);
        AttributeData? formatAttribute = method.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == "LambdaStreamGen.StreamFormatAttribute");
        if (formatAttribute?.ConstructorArguments.FirstOrDefault().Value is int chosen)
        {
            format = (PayloadFormat)chosen;
        }

        if (item is not null && FormatProblem(format, item) is { } problem)
        {
            Report(Diagnostics.FormatDoesNotFit, location, method.Name, format.ToString(), item.ToDisplayString(), problem);
            valid = false;
        }

        var parameters = new List<ParameterModel>();
        var payloads = new List<string>();
        int tokens = 0;
        int options = 0;
        foreach (IParameterSymbol parameter in method.Parameters)
        {
            if (parameter.RefKind != RefKind.None)
            {
                Report(Diagnostics.ByReferenceParameter, parameter.Locations.FirstOrDefault() ?? location, method.Name, parameter.Name);
                valid = false;
            }

            ParameterRole role = _types.RoleOf(parameter.Type);
            if (role == ParameterRole.CancellationToken && ++tokens == 2)
            {
                Report(Diagnostics.DuplicateSpecialParameter, location, method.Name, "CancellationToken");
                valid = false;
            }

            if (role == ParameterRole.InvokeOptions && ++options == 2)
            {
                Report(Diagnostics.DuplicateSpecialParameter, location, method.Name, "LambdaInvokeOptions");
                valid = false;
            }

            if (role is not (ParameterRole.CancellationToken or ParameterRole.InvokeOptions))
            {
                payloads.Add(parameter.Name);
            }

            parameters.Add(new ParameterModel(Escape(parameter.Name), parameter.Type.ToDisplayString(TypeFormat), role, JsonTypeName(parameter.Type)));
        }

        if (payloads.Count > 1)
        {
            Report(Diagnostics.MultiplePayloads, location, method.Name, string.Join(", ", payloads));
            valid = false;
        }

        AttributeData? overrideAttribute = method.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == AttributeName);
        (string? functionName, string? qualifier) = overrideAttribute is null ? (null, null) : ReadFunction(overrideAttribute, method.Name, location);
        if (overrideAttribute is not null && functionName is null)
        {
            valid = false;
        }

        return valid
            ? new MethodModel(
                Escape(method.Name),
                declaring.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
                method.ReturnType.ToDisplayString(TypeFormat),
                shape,
                item is null ? string.Empty : JsonTypeName(item),
                format,
                parameters.ToEquatableArray(),
                functionName,
                qualifier)
            : null;
    }

    private (string? FunctionName, string? Qualifier) ReadFunction(AttributeData attribute, string owner, Location location)
    {
        string? functionName = attribute.ConstructorArguments.FirstOrDefault().Value as string;
        if (FunctionNameRules.Check(functionName, out _) is { } problem)
        {
            Report(Diagnostics.InvalidFunctionName, location, functionName ?? string.Empty, owner, problem);
            functionName = null;
        }

        string? qualifier = null;
        foreach (KeyValuePair<string, TypedConstant> argument in attribute.NamedArguments)
        {
            if (argument.Key == "Qualifier" && argument.Value.Value is string value)
            {
                if (FunctionNameRules.QualifierProblem(value) is { } qualifierProblem)
                {
                    Report(Diagnostics.InvalidQualifier, location, value, owner, qualifierProblem);
                    return (null, null);
                }

                qualifier = value;
            }
        }

        return (functionName, qualifier);
    }

    // JSON metadata exists for T, not for T? of a reference type; nullable value types keep their '?' (int? is its own type).
    private static string JsonTypeName(ITypeSymbol type) =>
        (type.IsReferenceType ? type.WithNullableAnnotation(NullableAnnotation.NotAnnotated) : type).ToDisplayString(TypeFormat);

    private PayloadFormat DefaultFormat(ITypeSymbol item) =>
        item.SpecialType == SpecialType.System_String ? PayloadFormat.TextLines
        : _types.IsBytes(item) ? PayloadFormat.Bytes
        : _types.IsServerSentEvent(item) ? PayloadFormat.ServerSentEvents
        : PayloadFormat.JsonLines;

    private string? FormatProblem(PayloadFormat format, ITypeSymbol item) => format switch
    {
        PayloadFormat.HttpIntegrationPrelude => "the HTTP-integration prelude is read with LambdaResponseStream.ReadHttpIntegrationPreludeAsync, not as items",
        < PayloadFormat.JsonLines or > PayloadFormat.HttpIntegrationPrelude => "it is not a StreamFormat value",
        PayloadFormat.Bytes when !_types.IsBytes(item) => "raw chunks are ReadOnlyMemory<byte> or byte[]",
        PayloadFormat.TextLines when item.SpecialType != SpecialType.System_String => "text lines are strings",
        PayloadFormat.ServerSentEvents when !_types.IsServerSentEvent(item) => "server-sent events are ServerSentEvent",
        PayloadFormat.JsonLines or PayloadFormat.JsonArray when _types.IsBytes(item) || _types.IsServerSentEvent(item) => "JSON records cannot be raw bytes or events",
        _ => null,
    };

    private void Report(DiagnosticDescriptor descriptor, Location location, params object[] arguments) =>
        _problems.Add(Diagnostic.Create(descriptor, location, arguments));

    private static string Escape(string name) => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) is SyntaxKind.AwaitKeyword ? "@" + name : name;

    private static string MetadataName(INamedTypeSymbol type)
    {
        string name = type.MetadataName;
        for (INamedTypeSymbol? outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            name = outer.MetadataName + "." + name;
        }

        return type.ContainingNamespace.IsGlobalNamespace ? name : type.ContainingNamespace.ToDisplayString() + "." + name;
    }
}
