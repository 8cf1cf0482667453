using System.Runtime.CompilerServices;

namespace LambdaStreamGen.Decoding;

/// <summary>
/// UTF-8 text → lines, each yielded as soon as it is complete; <c>\n</c> and <c>\r\n</c> both end a line. A last line
/// without a line break is yielded too. Text that is not UTF-8 is an error, never silently replaced.
/// </summary>
public static class TextLinesDecoder
{
    /// <summary>Decodes text lines from a sequence of payload chunks.</summary>
    /// <param name="chunks">The payload, in chunks of any size.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The lines, without line breaks.</returns>
    /// <exception cref="LambdaPayloadFormatException">A line is not valid UTF-8.</exception>
    public static async IAsyncEnumerable<string> DecodeAsync(IAsyncEnumerable<ReadOnlyMemory<byte>> chunks, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        using var lines = new LineSplitter();
        await foreach (ReadOnlyMemory<byte> line in lines.ReadLinesAsync(chunks, cancellationToken).ConfigureAwait(false))
        {
            yield return lines.DecodeUtf8(line.Span, "UTF-8 text lines");
        }
    }
}
