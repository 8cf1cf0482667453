namespace LambdaStreamGen.EventStreams;

/// <summary>An event-stream message: headers in wire order and a payload.</summary>
public sealed class EventStreamMessage
{
    /// <summary>Creates a message.</summary>
    /// <param name="headers">The headers, in the order they are written. Names should be unique (docs/protocol.md §3).</param>
    /// <param name="payload">The payload bytes; referenced, not copied.</param>
    public EventStreamMessage(IEnumerable<EventStreamHeader> headers, ReadOnlyMemory<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(headers);
        Headers = headers.ToArray();
        Payload = payload;
    }

    /// <summary>The headers in wire order.</summary>
    public IReadOnlyList<EventStreamHeader> Headers { get; }

    /// <summary>The payload bytes.</summary>
    public ReadOnlyMemory<byte> Payload { get; }

    /// <summary>Finds the first header with the given name (ordinal comparison).</summary>
    /// <param name="name">The header name, for example <c>:event-type</c>.</param>
    /// <param name="value">The value, when found.</param>
    /// <returns><see langword="true"/> when a header of that name exists.</returns>
    public bool TryGetHeader(string name, out EventStreamHeaderValue value)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (EventStreamHeader header in Headers)
        {
            if (string.Equals(header.Name, name, StringComparison.Ordinal))
            {
                value = header.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>Returns the value of a string header, or <see langword="null"/> when it is absent or not a string.</summary>
    /// <param name="name">The header name, for example <c>:event-type</c>.</param>
    /// <returns>The text, or <see langword="null"/>.</returns>
    public string? GetStringHeader(string name) =>
        TryGetHeader(name, out EventStreamHeaderValue value) && value.Type == EventStreamHeaderType.String ? value.AsString() : null;

    /// <summary>Describes the message for diagnostics: its headers and payload length.</summary>
    /// <returns>A one-line description.</returns>
    public override string ToString() => $"EventStreamMessage [{string.Join(", ", Headers)}] payload {Payload.Length} bytes";
}
