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
        return LineSplitter.DecodeLinesAsync<string>(chunks, StreamFormat.TextLines, maxRecordBytes, DecodeLine, cancellationToken);
    }

    private static bool DecodeLine(ReadOnlySpan<byte> line, LineSplitter lines, out string text)
    {
        text = lines.DecodeUtf8(line);
        return true;
    }
}
