using System.Text;

namespace LambdaStreamGen.EventStreams;

/// <summary>An event-stream message: headers in wire order and a payload.</summary>
public sealed class EventStreamMessage
{
    // A message read from the wire keeps one array, its headers section followed by its payload, and decodes the
    // headers only when they are asked for: that is one copy per message instead of a list, a string per name and
    // value, and a payload array (docs/benchmarks.md, owned messages).
    private readonly byte[]? _wire;
    private readonly int _headersLength;
    private readonly long _offset;
    private IReadOnlyList<EventStreamHeader>? _headers;

    /// <summary>Creates a message.</summary>
    /// <param name="headers">The headers, in the order they are written. Names should be unique (docs/protocol.md §3).</param>
    /// <param name="payload">The payload bytes; referenced, not copied.</param>
    public EventStreamMessage(IEnumerable<EventStreamHeader> headers, ReadOnlyMemory<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(headers);
        _headers = headers.ToArray();
        Payload = payload;
    }

    /// <summary>A message that owns <paramref name="wire"/>: validated headers bytes, then the payload.</summary>
    internal EventStreamMessage(byte[] wire, int headersLength, long offset)
    {
        _wire = wire;
        _headersLength = headersLength;
        _offset = offset;
        Payload = new ReadOnlyMemory<byte>(wire, headersLength, wire.Length - headersLength);
    }

    /// <summary>The headers in wire order.</summary>
    public IReadOnlyList<EventStreamHeader> Headers => _headers ??= DecodeHeaders();

    /// <summary>The payload bytes.</summary>
    public ReadOnlyMemory<byte> Payload { get; }

    /// <summary>Finds the first header with the given name (ordinal comparison).</summary>
    /// <param name="name">The header name, for example <c>:event-type</c>.</param>
    /// <param name="value">The value, when found.</param>
    /// <returns><see langword="true"/> when a header of that name exists.</returns>
    public bool TryGetHeader(string name, out EventStreamHeaderValue value)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_headers is null && _wire is not null && name.Length <= EventStreamFraming.MaxHeaderNameLength)
        {
            // Found in the bytes, so that reading one header decodes only that one.
            Span<byte> nameUtf8 = stackalloc byte[Encoding.UTF8.GetMaxByteCount(name.Length)];
            nameUtf8 = nameUtf8[..Encoding.UTF8.GetBytes(name, nameUtf8)];
            foreach (EventStreamHeaderView header in new EventStreamHeaderEnumerator(_wire.AsSpan(0, _headersLength), _offset))
            {
                if (header.NameEquals(nameUtf8))
                {
                    value = header.ToValue();
                    return true;
                }
            }

            value = default;
            return false;
        }

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

    private EventStreamHeader[] DecodeHeaders()
    {
        var headers = new List<EventStreamHeader>();
        foreach (EventStreamHeaderView header in new EventStreamHeaderEnumerator(_wire.AsSpan(0, _headersLength), _offset))
        {
            headers.Add(header.ToHeader());
        }

        return [.. headers];
    }
}
