namespace LambdaStreamGen.Generator;

/// <summary>
/// Facts about the generator that generated code and diagnostics refer to.
/// The incremental generator and its analyzer are added by a later change; this assembly is already wired up
/// as a Roslyn component so that every project that will consume it can reference it today.
/// </summary>
internal static class GeneratorInfo
{
    /// <summary>The tool name written into <c>[GeneratedCode]</c> attributes.</summary>
    public const string ToolName = "LambdaStreamGen.Generator";
}
