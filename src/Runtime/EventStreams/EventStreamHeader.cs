namespace LambdaStreamGen.EventStreams;

/// <summary>One event-stream header: a name (1–255 UTF-8 bytes on the wire) and a typed value.</summary>
/// <param name="Name">The header name, for example <c>:event-type</c>.</param>
/// <param name="Value">The typed value.</param>
public readonly record struct EventStreamHeader(string Name, EventStreamHeaderValue Value)
{
    /// <summary>Describes the header for diagnostics, for example <c>:event-type = String "PayloadChunk"</c>.</summary>
    /// <returns>The name and value.</returns>
    public override string ToString() => $"{Name} = {Value}";
}
