using System.Runtime.CompilerServices;
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
        return DecodeCoreAsync(chunks, typeInfo, maxRecordBytes, cancellationToken);
    }

    private static async IAsyncEnumerable<T> DecodeCoreAsync<T>(IAsyncEnumerable<ReadOnlyMemory<byte>> chunks, JsonTypeInfo<T> typeInfo, int maxRecordBytes, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var lines = new LineSplitter(StreamFormat.JsonLines, maxRecordBytes);

        // Lines are split here, per chunk, rather than through LineSplitter.ReadLinesAsync: a second async iterator
        // between the chunks and the records cost 8 % of the decoder's time on 232-byte records (2.33 against 2.53 M/s).
        await foreach (ReadOnlyMemory<byte> chunk in chunks.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            ReadOnlyMemory<byte> rest = chunk;
            while (lines.TryReadLine(ref rest, out ReadOnlyMemory<byte> line))
            {
                if (!IsBlank(line.Span))
                {
                    T record = Deserialize(line.Span, lines, typeInfo);

                    // A chunk may hold many records: a cancelled caller gets none of the rest.
                    cancellationToken.ThrowIfCancellationRequested();
                    yield return record;
                }
            }
        }

        if (lines.TryReadFinalLine(out ReadOnlyMemory<byte> last) && !IsBlank(last.Span))
        {
            T record = Deserialize(last.Span, lines, typeInfo);
            cancellationToken.ThrowIfCancellationRequested();
            yield return record;
        }
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
