using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.Unicode;

namespace LambdaStreamGen.Decoding;

/// <summary>
/// Newline-delimited JSON (JSON lines) → records, each yielded as soon as its line is complete. Records may be split
/// across chunks anywhere (inside a string, inside a multi-byte character); <c>\n</c> and <c>\r\n</c> both end a line;
/// blank lines are skipped. Every record before a malformed line is handed out before the error.
/// </summary>
public static class JsonLinesDecoder
{
    /// <summary>Decodes JSON lines from a sequence of payload chunks, with lines of up to 16 MiB.</summary>
    /// <typeparam name="T">The record type.</typeparam>
    /// <param name="chunks">The payload, in chunks of any size.</param>
    /// <param name="typeInfo">The record type's JSON metadata.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The records, in order.</returns>
    /// <exception cref="LambdaPayloadFormatException">A line is not valid JSON for <typeparamref name="T"/>, or is longer than 16 MiB; it names the line, its byte offset and its start.</exception>
    public static IAsyncEnumerable<T> DecodeAsync<T>(IAsyncEnumerable<ReadOnlyMemory<byte>> chunks, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default) =>
        DecodeAsync(chunks, typeInfo, RecordLimit.Default, cancellationToken);

    /// <summary>Decodes JSON lines from a sequence of payload chunks.</summary>
    /// <typeparam name="T">The record type.</typeparam>
    /// <param name="chunks">The payload, in chunks of any size.</param>
    /// <param name="typeInfo">The record type's JSON metadata.</param>
    /// <param name="maxRecordBytes">The longest line accepted; a longer one is an error, found before it is buffered.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The records, in order.</returns>
    /// <exception cref="LambdaPayloadFormatException">A line is not valid JSON for <typeparamref name="T"/>, or is longer than <paramref name="maxRecordBytes"/>; it names the line, its byte offset and its start.</exception>
    public static IAsyncEnumerable<T> DecodeAsync<T>(IAsyncEnumerable<ReadOnlyMemory<byte>> chunks, JsonTypeInfo<T> typeInfo, int maxRecordBytes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        ArgumentNullException.ThrowIfNull(typeInfo);
        RecordLimit.Validate(maxRecordBytes, nameof(maxRecordBytes));
        return LineSplitter.DecodeLinesAsync(chunks, StreamFormat.JsonLines, maxRecordBytes, (ReadOnlySpan<byte> line, LineSplitter lines, out T record) =>
        {
            // Blank lines between records are skipped.
            bool isRecord = !IsBlank(line);
            record = isRecord ? Deserialize(line, lines, typeInfo) : default!;
            return isRecord;
        }, cancellationToken);
    }

    private static T Deserialize<T>(ReadOnlySpan<byte> line, LineSplitter lines, JsonTypeInfo<T> typeInfo)
    {
        // System.Text.Json does not check UTF-8 inside strings until they are read as text: a JsonElement (or an
        // object member) would carry the bad bytes out of here and fail later, far from the line that held them.
        if (!Utf8.IsValid(line))
        {
            throw lines.Error(line, "the line is not valid UTF-8.");
        }

        try
        {
            return JsonSerializer.Deserialize(line, typeInfo)!;
        }
        catch (JsonException exception)
        {
            throw lines.Error(line, exception.Message, exception);
        }
    }

    private static bool IsBlank(ReadOnlySpan<byte> line) => line.IndexOfAnyExcept(" \t\r"u8) < 0;
}
