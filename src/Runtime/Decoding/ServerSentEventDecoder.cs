using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace LambdaStreamGen.Decoding;

/// <summary>
/// Server-sent events (the WHATWG <c>text/event-stream</c> format) → <see cref="ServerSentEvent"/>s, each yielded at the
/// blank line that ends it. <c>data:</c> lines accumulate, <c>event:</c>, <c>id:</c> and <c>retry:</c> set their
/// fields, lines starting with <c>:</c> are comments. Lines end with <c>\n</c>, <c>\r\n</c> or a lone <c>\r</c>. An event still open when
/// the payload ends is yielded rather than dropped (the browser rule discards it; a complete Lambda stream has
/// nothing more to add).
/// </summary>
public static class ServerSentEventDecoder
{
    /// <summary>Decodes server-sent events from a sequence of payload chunks, with events of up to 16 MiB.</summary>
    /// <param name="chunks">The payload, in chunks of any size.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The events, in order.</returns>
    /// <exception cref="LambdaPayloadFormatException">A line is not valid UTF-8, or an event is longer than 16 MiB.</exception>
    public static IAsyncEnumerable<ServerSentEvent> DecodeAsync(IAsyncEnumerable<ReadOnlyMemory<byte>> chunks, CancellationToken cancellationToken = default) =>
        DecodeAsync(chunks, RecordLimit.Default, cancellationToken);

    /// <summary>Decodes server-sent events from a sequence of payload chunks.</summary>
    /// <param name="chunks">The payload, in chunks of any size.</param>
    /// <param name="maxRecordBytes">The longest event accepted, in bytes of its lines; a longer one is an error, found before it is buffered.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The events, in order.</returns>
    /// <exception cref="LambdaPayloadFormatException">A line is not valid UTF-8, or an event is longer than <paramref name="maxRecordBytes"/>.</exception>
    public static IAsyncEnumerable<ServerSentEvent> DecodeAsync(IAsyncEnumerable<ReadOnlyMemory<byte>> chunks, int maxRecordBytes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        RecordLimit.Validate(maxRecordBytes, nameof(maxRecordBytes));
        return DecodeCoreAsync(chunks, maxRecordBytes, cancellationToken);
    }

    private static async IAsyncEnumerable<ServerSentEvent> DecodeCoreAsync(IAsyncEnumerable<ReadOnlyMemory<byte>> chunks, int maxRecordBytes, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var lines = new LineSplitter(StreamFormat.ServerSentEvents, maxRecordBytes, loneCarriageReturnEndsLine: true);
        var pending = new PendingEvent();
        long eventNumber = 1;
        long eventBytes = 0;

        // An event is the record here: errors name the event, and its lines together stay within the limit.
        lines.BeginRecord(eventNumber, 0);
        await foreach (ReadOnlyMemory<byte> line in lines.ReadLinesAsync(chunks, cancellationToken).ConfigureAwait(false))
        {
            // The event's bytes are its lines with their line breaks; the blank line that ends it is not counted.
            eventBytes += line.IsEmpty ? 0 : line.Length + 1;
            if (eventBytes > maxRecordBytes)
            {
                throw lines.Error(line.Span, RecordLimit.Exceeded(maxRecordBytes, "event"));
            }

            ServerSentEvent? complete = pending.Accept(lines.DecodeUtf8(line.Span));
            if (line.IsEmpty)
            {
                eventNumber += complete is null ? 0 : 1;
                eventBytes = 0;
                lines.BeginRecord(eventNumber, lines.NextLineOffset);
            }

            if (complete is not null)
            {
                yield return complete;
            }
        }

        if (pending.Accept(string.Empty) is { } final)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return final;
        }
    }

    /// <summary>The fields of the event being read.</summary>
    private sealed class PendingEvent
    {
        private readonly StringBuilder _data = new();
        private string? _eventType;
        private string? _lastId;
        private TimeSpan? _retry;
        private bool _hasData;

        // Applies one line; returns the event a blank line completes.
        public ServerSentEvent? Accept(string line)
        {
            if (line.Length == 0)
            {
                return Dispatch();
            }

            if (line[0] == ':')
            {
                return null;
            }

            int colon = line.IndexOf(':', StringComparison.Ordinal);
            string field = colon < 0 ? line : line[..colon];
            string value = colon < 0 ? string.Empty : line[(colon + 1)..];
            if (value.StartsWith(' '))
            {
                value = value[1..];
            }

            switch (field)
            {
                case "data":
                    _data.Append(value).Append('\n');
                    _hasData = true;
                    break;
                case "event":
                    _eventType = value;
                    break;
                case "id" when !value.Contains('\0', StringComparison.Ordinal):
                    _lastId = value;
                    break;
                // Only digits count (WHATWG); a number too large for a TimeSpan (over 29,000 years) is ignored like
                // any other unusable value rather than thrown.
                case "retry" when value.Length > 0 && value.All(char.IsAsciiDigit) && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long milliseconds)
                    && milliseconds <= (long)TimeSpan.MaxValue.TotalMilliseconds:
                    _retry = TimeSpan.FromMilliseconds(milliseconds);
                    break;
            }

            return null;
        }

        private ServerSentEvent? Dispatch()
        {
            ServerSentEvent? result = null;
            if (_hasData)
            {
                string data = _data.ToString(0, _data.Length - 1);
                result = new ServerSentEvent(string.IsNullOrEmpty(_eventType) ? "message" : _eventType, data, _lastId, _retry);
            }

            _data.Clear();
            _hasData = false;
            _eventType = null;
            _retry = null;
            return result;
        }
    }
}
