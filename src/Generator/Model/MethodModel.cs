namespace LambdaStreamGen.Generator.Model;

/// <summary>One interface method to implement.</summary>
/// <param name="Name">The method name, escaped.</param>
/// <param name="DeclaringInterface">The interface that declares it, <c>global::</c>-qualified (for explicit implementation).</param>
/// <param name="ReturnType">The return type as written in the implementation.</param>
/// <param name="Shape">What the method returns.</param>
/// <param name="ItemType">The item type of an <c>IAsyncEnumerable&lt;T&gt;</c>, <c>global::</c>-qualified, without a nullable reference annotation; empty otherwise.</param>
/// <param name="Format">How the payload is read.</param>
/// <param name="Parameters">The parameters in declaration order.</param>
/// <param name="FunctionName">A method-level function override, or null.</param>
/// <param name="Qualifier">A method-level qualifier override, or null.</param>
internal sealed record MethodModel(
    string Name,
    string DeclaringInterface,
    string ReturnType,
    ReturnShape Shape,
    string ItemType,
    PayloadFormat Format,
    EquatableArray<ParameterModel> Parameters,
    string? FunctionName,
    string? Qualifier);

/// <summary>The return shapes a generated method can serve.</summary>
internal enum ReturnShape
{
    AsyncEnumerable,
    TaskOfResponse,
    ValueTaskOfResponse,
}

/// <summary>Mirrors the runtime's <c>StreamFormat</c> (the generator never references the runtime).</summary>
internal enum PayloadFormat
{
    JsonLines = 0,
    JsonArray = 1,
    TextLines = 2,
    ServerSentEvents = 3,
    Bytes = 4,
    HttpIntegrationPrelude = 5,
}
