using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;

namespace LambdaStreamGen.Decoding;

/// <summary>
/// Splits a payload that arrives in arbitrary chunks into lines (<c>\n</c>, with an optional <c>\r</c> before it; for
/// server-sent events a lone <c>\r</c> too). A line that lies inside one chunk is handed out in place; only a line
/// that straddles chunks is copied, so at most one line is ever buffered, and never more than the record limit: a
/// longer line is an error as soon as it is known to be too long, whichever way it was chunked. Splitting on the bytes
/// <c>\n</c> and <c>\r</c> is safe for UTF-8: they never occur inside a multi-byte character.
/// </summary>
internal sealed class LineSplitter : IDisposable
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly StreamFormat _format;
    private readonly int _maxLineBytes;
    private readonly bool _loneCarriageReturnEndsLine;
    private byte[] _buffer = [];
    private int _buffered;
    private long _nextLineOffset;

    // The last line ended with a CR that was the last byte of its chunk: an LF starting the next chunk completes that
    // CRLF and is not a line of its own.
    private bool _lineFeedMayFollow;

    /// <summary>Creates a splitter.</summary>
    /// <param name="format">The format being decoded, for error messages.</param>
    /// <param name="maxLineBytes">The longest line accepted, line break excluded.</param>
    /// <param name="loneCarriageReturnEndsLine">
    /// Whether a CR not followed by LF ends a line too, as in server-sent events; otherwise only LF does, and a CR just
    /// before it is dropped.
    /// </param>
    public LineSplitter(StreamFormat format, int maxLineBytes, bool loneCarriageReturnEndsLine = false)
    {
        _format = format;
        _maxLineBytes = maxLineBytes;
        _loneCarriageReturnEndsLine = loneCarriageReturnEndsLine;
    }

    private long _recordNumber;
    private long _recordOffset;

    /// <summary>The 1-based number of the line last returned.</summary>
    public long LineNumber { get; private set; }

    /// <summary>The payload offset of the first byte of the next line.</summary>
    public long NextLineOffset => _nextLineOffset;

    /// <summary>The payload offset of the first byte of the line last returned.</summary>
    public long LineOffset { get; private set; }

    /// <summary>
    /// Takes the next complete line from <paramref name="chunk"/> (plus whatever earlier chunks left). The line is
    /// valid until the next call.
    /// </summary>
    /// <param name="chunk">The unread rest of the current chunk; advanced past the line.</param>
    /// <param name="line">The line without its line break.</param>
    /// <returns><see langword="false"/> when the chunk holds no line break; its bytes are kept for the next chunk.</returns>
    public bool TryReadLine(ref ReadOnlyMemory<byte> chunk, out ReadOnlyMemory<byte> line)
    {
        if (_lineFeedMayFollow && !chunk.IsEmpty)
        {
            _lineFeedMayFollow = false;
            if (chunk.Span[0] == (byte)'\n')
            {
                // Part of the line break already counted; a record begun after that line starts past it.
                if (_recordOffset == _nextLineOffset)
                {
                    _recordOffset++;
                }

                _nextLineOffset++;
                chunk = chunk[1..];
            }
        }

        int newline = _loneCarriageReturnEndsLine ? chunk.Span.IndexOfAny((byte)'\r', (byte)'\n') : chunk.Span.IndexOf((byte)'\n');
        if (newline < 0)
        {
            Append(chunk.Span);
            chunk = default;
            line = default;
            return false;
        }

        if (_buffered == 0)
        {
            line = chunk[..newline];
        }
        else
        {
            Append(chunk.Span[..newline]);
            line = _buffer.AsMemory(0, _buffered);
            _buffered = 0;
        }

        int lineBreak = 1;
        if (_loneCarriageReturnEndsLine && chunk.Span[newline] == (byte)'\r')
        {
            if (newline + 1 == chunk.Length)
            {
                _lineFeedMayFollow = true;
            }
            else if (chunk.Span[newline + 1] == (byte)'\n')
            {
                lineBreak = 2;
            }
        }

        chunk = chunk[(newline + lineBreak)..];
        Advance(line.Length + lineBreak);
        line = SkipByteOrderMark(_loneCarriageReturnEndsLine ? line : TrimCarriageReturn(line));
        ThrowIfTooLong(line.Span);
        return true;
    }

    /// <summary>
    /// For formats whose records span several lines (server-sent events): errors from here on name this record
    /// instead of the line.
    /// </summary>
    public void BeginRecord(long number, long offset)
    {
        _recordNumber = number;
        _recordOffset = offset;
    }

    /// <summary>At the end of the payload, returns a last line that had no line break.</summary>
    /// <param name="line">The line.</param>
    /// <returns><see langword="true"/> when bytes were left over.</returns>
    public bool TryReadFinalLine(out ReadOnlyMemory<byte> line)
    {
        if (_buffered == 0)
        {
            line = default;
            return false;
        }

        ReadOnlyMemory<byte> rest = TrimCarriageReturn(_buffer.AsMemory(0, _buffered));
        Advance(_buffered);
        line = SkipByteOrderMark(rest);
        _buffered = 0;
        ThrowIfTooLong(line.Span);

        // A payload of nothing but the mark is an empty payload, not one empty line: the only way a non-empty rest
        // leaves an empty line is a skipped mark.
        return !line.IsEmpty || rest.IsEmpty;
    }

    /// <summary>
    /// Every line of a chunked payload, the last one included even without a line break. Each line is valid until
    /// the next <c>MoveNextAsync</c>; <see cref="LineNumber"/> and <see cref="LineOffset"/> describe it meanwhile.
    /// </summary>
    public async IAsyncEnumerable<ReadOnlyMemory<byte>> ReadLinesAsync(IAsyncEnumerable<ReadOnlyMemory<byte>> chunks, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (ReadOnlyMemory<byte> chunk in chunks.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            ReadOnlyMemory<byte> rest = chunk;
            while (TryReadLine(ref rest, out ReadOnlyMemory<byte> line))
            {
                // A chunk may hold many lines: a cancelled caller gets no more of them, not only no more chunks.
                cancellationToken.ThrowIfCancellationRequested();
                yield return line;
            }
        }

        if (TryReadFinalLine(out ReadOnlyMemory<byte> last))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return last;
        }
    }

    /// <summary>Turns one line into a record, or returns <see langword="false"/> to skip the line.</summary>
    public delegate bool LineDecoder<T>(ReadOnlySpan<byte> line, LineSplitter lines, out T record);

    /// <summary>
    /// One record per line (JSON lines, text lines), the last line included even without a line break. Lines are
    /// split per chunk here, in the one async iterator the caller enumerates, rather than through
    /// <see cref="ReadLinesAsync"/>: a second iterator between the chunks and the records cost a state-machine step
    /// per record, 8 % of the JSON decoder's time and a third of the text decoder's (docs/benchmarks.md).
    /// </summary>
    public static async IAsyncEnumerable<T> DecodeLinesAsync<T>(
        IAsyncEnumerable<ReadOnlyMemory<byte>> chunks,
        StreamFormat format,
        int maxLineBytes,
        LineDecoder<T> decode,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var lines = new LineSplitter(format, maxLineBytes);
        await foreach (ReadOnlyMemory<byte> chunk in chunks.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            ReadOnlyMemory<byte> rest = chunk;
            while (lines.TryReadLine(ref rest, out ReadOnlyMemory<byte> line))
            {
                if (decode(line.Span, lines, out T record))
                {
                    // A chunk may hold many records: a cancelled caller gets none of the rest.
                    cancellationToken.ThrowIfCancellationRequested();
                    yield return record;
                }
            }
        }

        if (lines.TryReadFinalLine(out ReadOnlyMemory<byte> last) && decode(last.Span, lines, out T lastRecord))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return lastRecord;
        }
    }

    /// <summary>Decodes the line last returned as strict UTF-8.</summary>
    /// <param name="line">The line.</param>
    /// <returns>The text.</returns>
    /// <exception cref="LambdaPayloadFormatException">The line is not valid UTF-8.</exception>
    public string DecodeUtf8(ReadOnlySpan<byte> line)
    {
        try
        {
            return StrictUtf8.GetString(line);
        }
        catch (DecoderFallbackException exception)
        {
            throw Error(line, $"line {LineNumber} is not valid UTF-8.", exception);
        }
    }

    /// <summary>An error about the line last returned.</summary>
    public LambdaPayloadFormatException Error(ReadOnlySpan<byte> line, string problem, Exception? inner = null) =>
        ErrorAt(LineNumber, LineOffset, line, problem, inner);

    // Names the record begun with BeginRecord when there is one, else the given line.
    private LambdaPayloadFormatException ErrorAt(long lineNumber, long lineOffset, ReadOnlySpan<byte> text, string problem, Exception? inner = null) =>
        _recordNumber > 0
            ? new(_format, _recordNumber, _recordOffset, Excerpt(text), problem, inner)
            : new(_format, lineNumber, lineOffset, Excerpt(text), problem, inner);

    /// <summary>A short, readable start of a line for error messages.</summary>
    public static string Excerpt(ReadOnlySpan<byte> line)
    {
        const int MaxBytes = 60;
        string text = Encoding.UTF8.GetString(line[..Math.Min(line.Length, MaxBytes)]);
        return line.Length > MaxBytes ? text + "…" : text;
    }

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    private void Advance(int bytes)
    {
        LineNumber++;
        LineOffset = _nextLineOffset;
        _nextLineOffset += bytes;
    }

    private void ThrowIfTooLong(ReadOnlySpan<byte> line)
    {
        if (line.Length > _maxLineBytes)
        {
            throw Error(line, RecordLimit.Exceeded(_maxLineBytes, "line"));
        }
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return;
        }

        // One byte over the limit is room for the '\r' of a "\r\n" line break; more is a line that is too long, found
        // before it is buffered, so a function that never ends its line cannot fill the client's memory.
        if ((long)_buffered + bytes.Length > (long)_maxLineBytes + 1)
        {
            // The line being buffered is the next one: its number and offset are not LineNumber's and LineOffset's yet.
            ReadOnlySpan<byte> start = _buffered > 0 ? _buffer.AsSpan(0, _buffered) : bytes;
            throw ErrorAt(LineNumber + 1, _nextLineOffset, start, RecordLimit.Exceeded(_maxLineBytes, _recordNumber > 0 ? "event" : "line"));
        }

        if (_buffer.Length - _buffered < bytes.Length)
        {
            int doubled = (int)Math.Min(Math.Max(256L, _buffer.Length * 2L), _maxLineBytes + 1L);
            byte[] larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffered + bytes.Length, doubled));
            _buffer.AsSpan(0, _buffered).CopyTo(larger);
            if (_buffer.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(_buffer);
            }

            _buffer = larger;
        }

        bytes.CopyTo(_buffer.AsSpan(_buffered));
        _buffered += bytes.Length;
    }

    // A function whose writer adds a UTF-8 byte-order mark (.NET's Encoding.UTF8 does) would otherwise lose its first
    // server-sent event (the field name no longer matches) or fail its first JSON line. One mark at the very start of
    // the payload is skipped, as the WHATWG event-stream rules require and as StreamReader and System.Text.Json's
    // stream readers do; the line's offset then points past it. A mark anywhere else is content.
    private ReadOnlyMemory<byte> SkipByteOrderMark(ReadOnlyMemory<byte> line)
    {
        if (LineNumber != 1 || !line.Span.StartsWith(ByteOrderMark))
        {
            return line;
        }

        LineOffset = ByteOrderMark.Length;
        return line[ByteOrderMark.Length..];
    }

    private static ReadOnlySpan<byte> ByteOrderMark => [0xEF, 0xBB, 0xBF];

    private static ReadOnlyMemory<byte> TrimCarriageReturn(ReadOnlyMemory<byte> line) =>
        !line.IsEmpty && line.Span[^1] == (byte)'\r' ? line[..^1] : line;
}
