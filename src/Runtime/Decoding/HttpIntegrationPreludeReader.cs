using System.Buffers;
using System.Text.Json;

namespace LambdaStreamGen.Decoding;

/// <summary>
/// Finds and parses the HTTP-integration prelude: a JSON object, then 8 NUL bytes, then the body. Fed chunk by chunk;
/// once the delimiter is found it returns the prelude and the first bytes of the body that came in the same chunk.
/// </summary>
internal sealed class HttpIntegrationPreludeReader(int maxPreludeBytes = RecordLimit.Default)
{
    private const int DelimiterLength = 8;

    private readonly ArrayBufferWriter<byte> _prelude = new(512);

    /// <summary>Adds a chunk; returns the prelude once complete, with <paramref name="bodyStart"/> the rest of the chunk.</summary>
    public HttpIntegrationResponse? Feed(ReadOnlyMemory<byte> chunk, out ReadOnlyMemory<byte> bodyStart)
    {
        // Only as much of the chunk as a prelude of the limit's size (and its delimiter) could span is buffered: the
        // prelude is a record like any other, and a response without one must not be read whole into memory.
        int alreadyBuffered = _prelude.WrittenCount;
        int searchFrom = Math.Max(0, alreadyBuffered - (DelimiterLength - 1));
        int take = (int)Math.Min(chunk.Length, (long)maxPreludeBytes + DelimiterLength - alreadyBuffered);
        _prelude.Write(chunk.Span[..take]);
        int index = _prelude.WrittenSpan[searchFrom..].IndexOf(new byte[DelimiterLength]);
        if (index < 0)
        {
            bodyStart = default;
            if (_prelude.WrittenCount >= (long)maxPreludeBytes + DelimiterLength)
            {
                throw Error(
                    string.Create(System.Globalization.CultureInfo.InvariantCulture, $"no 8-byte NUL delimiter within the first {maxPreludeBytes:N0} bytes (MaxRecordBytes); the response may not carry a prelude, or its prelude is larger than the limit."),
                    null);
            }

            return null;
        }

        int delimiterAt = searchFrom + index;
        if (delimiterAt > maxPreludeBytes)
        {
            throw Error(RecordLimit.Exceeded(maxPreludeBytes, "prelude"), null);
        }

        int bodyOffsetInChunk = delimiterAt + DelimiterLength - alreadyBuffered;
        bodyStart = chunk[bodyOffsetInChunk..];
        return Parse(_prelude.WrittenSpan[..delimiterAt]);
    }

    /// <summary>Called when the payload ended before the delimiter.</summary>
    public LambdaPayloadFormatException Incomplete() => Error("the payload ended before the 8-byte NUL delimiter that ends the prelude.", null);

    private HttpIntegrationResponse Parse(ReadOnlySpan<byte> json)
    {
        // Strings are only checked for UTF-8 when read as text, which would throw a bare InvalidOperationException.
        if (!System.Text.Unicode.Utf8.IsValid(json))
        {
            throw Error("the prelude is not valid UTF-8.", null);
        }

        try
        {
            var reader = new Utf8JsonReader(json);
            using JsonDocument document = JsonDocument.ParseValue(ref reader);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Error("the prelude is not a JSON object.", null);
            }

            int status = 200;
            if (root.TryGetProperty("statusCode", out JsonElement code))
            {
                // TryGetInt32 throws (not returns false) on a string or an object; check the kind first.
                if (code.ValueKind != JsonValueKind.Number || !code.TryGetInt32(out status))
                {
                    throw Error($"statusCode is {code.ValueKind}, not an integer.", null);
                }
            }

            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (root.TryGetProperty("headers", out JsonElement headerObject) && headerObject.ValueKind == JsonValueKind.Object)
            {
                foreach (JsonProperty header in headerObject.EnumerateObject())
                {
                    headers[header.Name] = header.Value.ValueKind == JsonValueKind.String ? header.Value.GetString()! : header.Value.GetRawText();
                }
            }

            var cookies = new List<string>();
            if (root.TryGetProperty("cookies", out JsonElement cookieArray) && cookieArray.ValueKind == JsonValueKind.Array)
            {
                cookies.AddRange(cookieArray.EnumerateArray().Where(c => c.ValueKind == JsonValueKind.String).Select(c => c.GetString()!));
            }

            return new HttpIntegrationResponse(status, headers, cookies);
        }
        catch (JsonException exception)
        {
            throw Error($"the prelude is not valid JSON: {exception.Message}", exception);
        }
    }

    private LambdaPayloadFormatException Error(string problem, Exception? inner) =>
        new(StreamFormat.HttpIntegrationPrelude, 1, 0, LineSplitter.Excerpt(_prelude.WrittenSpan), problem, inner);
}
