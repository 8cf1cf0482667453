using System.Linq;

namespace LambdaStreamGen.Generator.Model;

/// <summary>
/// Everything the emitter needs to write one client, as plain values: no symbols, syntax nodes or locations, so that
/// an unchanged interface yields an equal model and the pipeline stops at the cache.
/// </summary>
/// <param name="HintName">A unique file name from the fully qualified metadata name.</param>
/// <param name="Namespace">The namespace, or empty for the global namespace.</param>
/// <param name="InterfaceName">The interface's name, escaped.</param>
/// <param name="ImplementationName">The nested implementation class's name, chosen not to collide with a member.</param>
/// <param name="HidesInheritedCreate">Whether an annotated base interface has a Create factory this one hides.</param>
/// <param name="ContainingTypes">Outer types, outermost first, as "partial class Outer" declarations.</param>
/// <param name="FullyQualifiedInterface">The interface as <c>global::</c>-qualified type.</param>
/// <param name="FunctionName">The function from the attribute.</param>
/// <param name="Qualifier">The qualifier from the attribute, or null.</param>
/// <param name="JsonContext">The <c>JsonSerializerContext</c> type, <c>global::</c>-qualified, or null.</param>
/// <param name="Methods">The methods to implement, base interfaces' included.</param>
internal sealed record ClientModel(
    string HintName,
    string Namespace,
    string InterfaceName,
    string ImplementationName,
    bool HidesInheritedCreate,
    EquatableArray<string> ContainingTypes,
    string FullyQualifiedInterface,
    string FunctionName,
    string? Qualifier,
    string? JsonContext,
    EquatableArray<MethodModel> Methods)
{
    /// <summary>Whether some method reads or writes JSON through reflection (no <see cref="JsonContext"/>).</summary>
    public bool UsesReflectionJson => JsonContext is null && Methods.Any(m =>
        (m.Shape == ReturnShape.AsyncEnumerable && m.Format is PayloadFormat.JsonLines or PayloadFormat.JsonArray)
        || m.Parameters.Any(p => p.Role == ParameterRole.JsonPayload));
}
