using System.Runtime.CompilerServices;
using System.Text;

namespace LambdaStreamGen.Decoding;

/// <summary>
/// UTF-8 text → lines, each yielded as soon as it is complete; <c>\n</c> and <c>\r\n</c> both end a line. A last line
/// without a line break is yielded too. Text that is not UTF-8 is an error, never silently replaced.
/// </summary>
public static class TextLinesDecoder
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Decodes text lines from a sequence of payload chunks.</summary>
    /// <param name="chunks">The payload, in chunks of any size.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The lines, without line breaks.</returns>
    /// <exception cref="LambdaPayloadFormatException">A line is not valid UTF-8.</exception>
    public static async IAsyncEnumerable<string> DecodeAsync(IAsyncEnumerable<ReadOnlyMemory<byte>> chunks, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        using var lines = new LineSplitter();
        await foreach (ReadOnlyMemory<byte> chunk in chunks.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            ReadOnlyMemory<byte> rest = chunk;
            while (lines.TryReadLine(ref rest, out ReadOnlyMemory<byte> line))
            {
                yield return Decode(line.Span, lines);
            }
        }

        if (lines.TryReadFinalLine(out ReadOnlyMemory<byte> last))
        {
            yield return Decode(last.Span, lines);
        }
    }

    private static string Decode(ReadOnlySpan<byte> line, LineSplitter lines)
    {
        try
        {
            return StrictUtf8.GetString(line);
        }
        catch (DecoderFallbackException exception)
        {
            throw new LambdaPayloadFormatException("UTF-8 text lines", lines.LineNumber, lines.LineOffset, LineSplitter.Excerpt(line), "the line is not valid UTF-8.", exception);
        }
    }
}
