namespace LambdaStreamGen.Generator.Model;

/// <summary>One parameter of a generated method.</summary>
/// <param name="Name">The name, with <c>@</c> when it is a keyword.</param>
/// <param name="Type">The type, <c>global::</c>-qualified, with nullable annotation.</param>
/// <param name="Role">What the parameter is for.</param>
/// <param name="JsonType">The type whose JSON metadata serializes it: <paramref name="Type"/> without a nullable reference annotation.</param>
internal sealed record ParameterModel(string Name, string Type, ParameterRole Role, string JsonType);

/// <summary>What a parameter contributes to the call.</summary>
internal enum ParameterRole
{
    JsonPayload,
    TextPayload,
    BytesPayload,
    MemoryPayload,
    StreamPayload,
    CancellationToken,
    InvokeOptions,
}
