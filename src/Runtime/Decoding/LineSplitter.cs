using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;

namespace LambdaStreamGen.Decoding;

/// <summary>
/// Splits a payload that arrives in arbitrary chunks into lines (<c>\n</c>, with an optional <c>\r</c> before it).
/// A line that lies inside one chunk is handed out in place; only a line that straddles chunks is copied, so at most
/// one line is ever buffered. Splitting on the byte <c>\n</c> is safe for UTF-8: it never occurs inside a multi-byte
/// character.
/// </summary>
internal sealed class LineSplitter : IDisposable
{
    private byte[] _buffer = [];
    private int _buffered;
    private long _nextLineOffset;

    /// <summary>The 1-based number of the line last returned.</summary>
    public long LineNumber { get; private set; }

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
        int newline = chunk.Span.IndexOf((byte)'\n');
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

        chunk = chunk[(newline + 1)..];
        Advance(line.Length + 1);
        line = TrimCarriageReturn(line);
        return true;
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

        line = TrimCarriageReturn(_buffer.AsMemory(0, _buffered));
        Advance(_buffered);
        _buffered = 0;
        return true;
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

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
                yield return line;
            }
        }

        if (TryReadFinalLine(out ReadOnlyMemory<byte> last))
        {
            yield return last;
        }
    }

    /// <summary>Decodes the line last returned as strict UTF-8.</summary>
    /// <param name="line">The line.</param>
    /// <param name="format">The payload format, for the error message.</param>
    /// <returns>The text.</returns>
    /// <exception cref="LambdaPayloadFormatException">The line is not valid UTF-8.</exception>
    public string DecodeUtf8(ReadOnlySpan<byte> line, string format)
    {
        try
        {
            return StrictUtf8.GetString(line);
        }
        catch (DecoderFallbackException exception)
        {
            throw new LambdaPayloadFormatException(format, LineNumber, LineOffset, Excerpt(line), "the line is not valid UTF-8.", exception);
        }
    }

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

    private void Append(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return;
        }

        if (_buffer.Length - _buffered < bytes.Length)
        {
            byte[] larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffered + bytes.Length, Math.Max(256, _buffer.Length * 2)));
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

    private static ReadOnlyMemory<byte> TrimCarriageReturn(ReadOnlyMemory<byte> line) =>
        !line.IsEmpty && line.Span[^1] == (byte)'\r' ? line[..^1] : line;
}
