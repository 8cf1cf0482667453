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

    // Where the delimiter was found; until then, everything buffered may be prelude.
    private int _preludeLength = int.MaxValue;

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
        _preludeLength = delimiterAt;
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

            // One object and nothing after it: a second value would otherwise be ignored without a word.
            reader.Read();
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

                // RFC 9110 §15: three digits. Anything else no server can send, so it fails here, where it was read.
                if (status is < 100 or > 999)
                {
                    throw Error($"statusCode {status} is not an HTTP status code (100 to 999).", null);
                }
            }

            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (root.TryGetProperty("headers", out JsonElement headerObject) && headerObject.ValueKind == JsonValueKind.Object)
            {
                foreach (JsonProperty header in headerObject.EnumerateObject())
                {
                    if (!IsToken(header.Name))
                    {
                        throw Error($"'{header.Name}' is not a header name (RFC 9110 §5.1: letters, digits and !#$%&'*+-.^_`|~).", null);
                    }

                    string value = header.Value.ValueKind == JsonValueKind.String ? header.Value.GetString()! : header.Value.GetRawText();
                    if (SplitsAField(value))
                    {
                        throw Error($"header '{header.Name}' has a line break or NUL in its value, which would split the response.", null);
                    }

                    headers[header.Name] = value;
                }
            }

            var cookies = new List<string>();
            if (root.TryGetProperty("cookies", out JsonElement cookieArray) && cookieArray.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement cookie in cookieArray.EnumerateArray())
                {
                    if (cookie.ValueKind == JsonValueKind.String && cookie.GetString() is { } text)
                    {
                        if (SplitsAField(text))
                        {
                            throw Error($"cookie {cookies.Count + 1} has a line break or NUL, which would split the response.", null);
                        }

                        cookies.Add(text);
                    }
                }
            }

            return new HttpIntegrationResponse(status, headers, cookies);
        }
        catch (JsonException exception)
        {
            throw Error($"the prelude is not valid JSON: {exception.Message}", exception);
        }
    }

    // RFC 9110 §5.5: a field value never holds CR, LF or NUL; a relay that copied one would end the header early and
    // let the function write headers (or a body) of its choosing.
    private static bool SplitsAField(string value) => value.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0;

    // RFC 9110 §5.1 and §5.6.2: a field name is a token.
    private static bool IsToken(string name)
    {
        if (name.Length == 0)
        {
            return false;
        }

        foreach (char c in name)
        {
            bool allowed = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9')
                or '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~';
            if (!allowed)
            {
                return false;
            }
        }

        return true;
    }

    // The excerpt is of the prelude alone: what follows its delimiter is the body, which an error message must not
    // carry into logs and problem responses.
    private LambdaPayloadFormatException Error(string problem, Exception? inner) =>
        new(StreamFormat.HttpIntegrationPrelude, 1, 0, LineSplitter.Excerpt(_prelude.WrittenSpan[..Math.Min(_prelude.WrittenCount, _preludeLength)]), problem, inner);
}
