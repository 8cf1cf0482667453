namespace LambdaStreamGen.EventStreams;

/// <summary>
/// A validated message read in place from the <see cref="EventStreamReader"/>'s buffer: the allocation-free path.
/// Both checksums and every header have already been checked.
/// </summary>
/// <remarks>
/// The view and everything reached through it (headers, <see cref="Payload"/>) is valid only until the next call to
/// <see cref="EventStreamReader.MoveNextAsync"/> or <see cref="EventStreamReader.ReadAsync"/>, which reuses the
/// buffer. Call <see cref="ToMessage"/> to keep a message longer.
/// </remarks>
public readonly ref struct EventStreamMessageView
{
    private readonly ReadOnlyMemory<byte> _message;
    private readonly int _headersLength;

    internal EventStreamMessageView(ReadOnlyMemory<byte> message, int headersLength, long offset)
    {
        _message = message;
        _headersLength = headersLength;
        Offset = offset;
    }

    /// <summary>The byte offset of the message in the input.</summary>
    public long Offset { get; }

    /// <summary>The whole message length on the wire, prelude and checksum included.</summary>
    public int TotalLength => _message.Length;

    /// <summary>The raw headers section.</summary>
    public ReadOnlySpan<byte> HeadersBytes => _message.Span.Slice(EventStreamFraming.PreludeLength, _headersLength);

    /// <summary>
    /// The payload, in the reader's buffer. It is a <see cref="ReadOnlyMemory{T}"/> so that it can be handed on
    /// across an <see langword="await"/>, but it is still only valid until the reader moves on.
    /// </summary>
    public ReadOnlyMemory<byte> Payload =>
        _message.Slice(EventStreamFraming.PreludeLength + _headersLength, _message.Length - EventStreamFraming.MinimumMessageLength - _headersLength);

    /// <summary>Enumerates the headers in wire order without allocating.</summary>
    /// <returns>An enumerator for <see langword="foreach"/>.</returns>
    public EventStreamHeaderEnumerator GetHeaders() => new(HeadersBytes, Offset);

    /// <summary>Finds the first header called <paramref name="nameUtf8"/>.</summary>
    /// <param name="nameUtf8">A UTF-8 name such as <c>":event-type"u8</c>.</param>
    /// <param name="header">The header, when found.</param>
    /// <returns><see langword="true"/> when a header of that name exists.</returns>
    public bool TryGetHeader(ReadOnlySpan<byte> nameUtf8, out EventStreamHeaderView header)
    {
        foreach (EventStreamHeaderView candidate in GetHeaders())
        {
            if (candidate.NameEquals(nameUtf8))
            {
                header = candidate;
                return true;
            }
        }

        header = default;
        return false;
    }

    /// <summary>
    /// Finds a string header and returns its UTF-8 value: the allocation-free way to dispatch on
    /// <c>:message-type</c> or <c>:event-type</c>.
    /// </summary>
    /// <param name="nameUtf8">A UTF-8 name such as <c>":event-type"u8</c>.</param>
    /// <param name="valueUtf8">The UTF-8 value, when found.</param>
    /// <returns><see langword="true"/> when a header of that name exists and has type <see cref="EventStreamHeaderType.String"/>.</returns>
    public bool TryGetStringHeader(ReadOnlySpan<byte> nameUtf8, out ReadOnlySpan<byte> valueUtf8)
    {
        if (TryGetHeader(nameUtf8, out EventStreamHeaderView header) && header.Type == EventStreamHeaderType.String)
        {
            valueUtf8 = header.ValueBytes;
            return true;
        }

        valueUtf8 = default;
        return false;
    }

    /// <summary>Copies the message out of the reader's buffer.</summary>
    /// <returns>A message that stays valid after the reader moves on.</returns>
    public EventStreamMessage ToMessage()
    {
        // One array for the headers and the payload, which sit side by side on the wire; the headers were validated
        // when the message was read, so decoding them later cannot fail.
        byte[] wire = _message.Span.Slice(EventStreamFraming.PreludeLength, _message.Length - EventStreamFraming.MinimumMessageLength).ToArray();
        return new EventStreamMessage(wire, _headersLength, Offset);
    }
}

/// <summary>Enumerates the headers of an <see cref="EventStreamMessageView"/> in wire order.</summary>
public ref struct EventStreamHeaderEnumerator
{
    private readonly ReadOnlySpan<byte> _headers;
    private readonly long _messageOffset;
    private int _position;
    private EventStreamHeaderView _current;

    internal EventStreamHeaderEnumerator(ReadOnlySpan<byte> headers, long messageOffset)
    {
        _headers = headers;
        _messageOffset = messageOffset;
        _position = 0;
        _current = default;
    }

    /// <summary>The header at the current position.</summary>
    public readonly EventStreamHeaderView Current => _current;

    /// <summary>Returns this enumerator, so that the view can be used with <see langword="foreach"/>.</summary>
    /// <returns>This enumerator.</returns>
    public readonly EventStreamHeaderEnumerator GetEnumerator() => this;

    /// <summary>Moves to the next header.</summary>
    /// <returns><see langword="false"/> after the last header.</returns>
    public bool MoveNext()
    {
        if (_position >= _headers.Length)
        {
            return false;
        }

        // The reader validated the section already; UTF-8 is not checked a second time.
        _position = EventStreamHeaderCodec.ReadHeader(_headers, _position, _messageOffset, validateUtf8: false, out _current);
        return true;
    }
}
