using System.Runtime.CompilerServices;

namespace LambdaStreamGen.Decoding;

/// <summary>
/// UTF-8 text → lines, each yielded as soon as it is complete; <c>\n</c> and <c>\r\n</c> both end a line. A last line
/// without a line break is yielded too. Text that is not UTF-8 is an error, never silently replaced; every line before
/// it is handed out first.
/// </summary>
public static class TextLinesDecoder
{
    /// <summary>Decodes text lines from a sequence of payload chunks, with lines of up to 16 MiB.</summary>
    /// <param name="chunks">The payload, in chunks of any size.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The lines, without line breaks.</returns>
    /// <exception cref="LambdaPayloadFormatException">A line is not valid UTF-8, or is longer than 16 MiB.</exception>
    public static IAsyncEnumerable<string> DecodeAsync(IAsyncEnumerable<ReadOnlyMemory<byte>> chunks, CancellationToken cancellationToken = default) =>
        DecodeAsync(chunks, RecordLimit.Default, cancellationToken);

    /// <summary>Decodes text lines from a sequence of payload chunks.</summary>
    /// <param name="chunks">The payload, in chunks of any size.</param>
    /// <param name="maxRecordBytes">The longest line accepted, in bytes; a longer one is an error, found before it is buffered.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The lines, without line breaks.</returns>
    /// <exception cref="LambdaPayloadFormatException">A line is not valid UTF-8, or is longer than <paramref name="maxRecordBytes"/>.</exception>
    public static IAsyncEnumerable<string> DecodeAsync(IAsyncEnumerable<ReadOnlyMemory<byte>> chunks, int maxRecordBytes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        RecordLimit.Validate(maxRecordBytes, nameof(maxRecordBytes));
        return DecodeCoreAsync(chunks, maxRecordBytes, cancellationToken);
    }

    private static async IAsyncEnumerable<string> DecodeCoreAsync(IAsyncEnumerable<ReadOnlyMemory<byte>> chunks, int maxRecordBytes, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var lines = new LineSplitter(StreamFormat.TextLines, maxRecordBytes);

        // Split per chunk here rather than through LineSplitter.ReadLinesAsync, as the JSON-lines decoder does: a second
        // async iterator per line was most of this decoder's cost above the UTF-8 decoding itself (docs/benchmarks.md).
        await foreach (ReadOnlyMemory<byte> chunk in chunks.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            ReadOnlyMemory<byte> rest = chunk;
            while (lines.TryReadLine(ref rest, out ReadOnlyMemory<byte> line))
            {
                string text = lines.DecodeUtf8(line.Span);

                // A chunk may hold many lines: a cancelled caller gets no more of them, not only no more chunks.
                cancellationToken.ThrowIfCancellationRequested();
                yield return text;
            }
        }

        if (lines.TryReadFinalLine(out ReadOnlyMemory<byte> last))
        {
            string text = lines.DecodeUtf8(last.Span);
            cancellationToken.ThrowIfCancellationRequested();
            yield return text;
        }
    }
}
