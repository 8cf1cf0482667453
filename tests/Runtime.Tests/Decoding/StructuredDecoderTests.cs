using System.Text;
using System.Text.Json;
using CsCheck;
using LambdaStreamGen.Decoding;
using LambdaStreamGen.Local;
using LambdaStreamGen.Tests.Support;

namespace LambdaStreamGen.Tests.Decoding;

public sealed class StructuredDecoderTests
{
    private static readonly Gen<Row> RowGen = Gen.Select(Gen.Int, Gen.String[Gen.Char["aé日\"\\ ,[]{}"], 0, 20], Gen.Double[-1e6, 1e6], (id, name, score) => new Row(id, name, score));

    [Fact]
    public async Task Json_array_elements_decode_to_the_originals_at_any_chunking()
    {
        await Gen.Select(RowGen.Array[0, 30], Gen.OneOf(Gen.Const(new[] { 1 }), Gen.Int[1, 50].Array[1, 6]), Gen.Bool).SampleAsync(async sample =>
        {
            (Row[] rows, int[] cuts, bool spaced) = sample;
            string json = JsonSerializer.Serialize(rows, new JsonSerializerOptions(TestJsonContext.Default.Options) { WriteIndented = spaced });

            var decoded = new List<Row>();
            await foreach (Row row in JsonArrayDecoder.DecodeAsync(LineDecoderPropertyTests.Chunk(Encoding.UTF8.GetBytes(" " + json + "\n"), cuts), TestJsonContext.Default.Row))
            {
                decoded.Add(row);
            }

            Assert.Equal(rows, decoded);
        }, iter: 200);
    }

    [Theory]
    [InlineData("[{\"id\":1,\"name\":\"a\",\"score\":0},{\"id\":2,", "end of data", 1, 2, 30)]
    [InlineData("{\"id\":1}", "expected '['", 0, 1, 0)]
    [InlineData("[] []", "after a single JSON value", 0, 1, 3)]
    [InlineData("[{\"id\":1,\"name\":\"a\",\"score\":0},{\"id\":\"two\"}]", "could not be converted", 1, 2, 31)]
    public async Task Malformed_json_array_is_an_error_after_exactly_the_complete_elements(string json, string because, int complete, long recordNumber, long offset)
    {
        (List<Row> decoded, LambdaPayloadFormatException exception) = await RecordDeliveryTests.CollectUntilError(
            JsonArrayDecoder.DecodeAsync(LineDecoderPropertyTests.Chunk(Encoding.UTF8.GetBytes(json), [3]), TestJsonContext.Default.Row));

        Assert.True(exception.Message.Contains(because, StringComparison.OrdinalIgnoreCase), exception.Message);
        Assert.Equal(complete, decoded.Count);
        Assert.All(decoded, row => Assert.Equal(new Row(1, "a", 0), row));
        Assert.Equal(recordNumber, exception.RecordNumber);
        Assert.Equal(offset, exception.ByteOffset);
    }

    [Fact]
    public async Task Server_sent_events_follow_the_event_stream_rules()
    {
        string payload = ": comment\n" +
                         "data: first\n\n" +
                         "event: update\r\nid: 7\r\nretry: 1500\r\ndata: line one\r\ndata:line two\r\n\r\n" +
                         "data\n\n" +
                         "event: ignored-without-data\n\n" +
                         "data: last, without a final blank line";

        var events = new List<ServerSentEvent>();
        await foreach (ServerSentEvent e in ServerSentEventDecoder.DecodeAsync(LineDecoderPropertyTests.Chunk(Encoding.UTF8.GetBytes(payload), [1, 4, 9])))
        {
            events.Add(e);
        }

        Assert.Equal(
            [
                new ServerSentEvent("message", "first", null, null),
                new ServerSentEvent("update", "line one\nline two", "7", TimeSpan.FromMilliseconds(1500)),
                new ServerSentEvent("message", string.Empty, "7", null),
                new ServerSentEvent("message", "last, without a final blank line", "7", null),
            ],
            events);
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("\r")]
    public async Task Server_sent_events_end_lines_with_CR_LF_or_CRLF_at_any_chunking(string lineBreak)
    {
        // WHATWG: a line ends with CRLF, LF or a lone CR; a CR at the end of one chunk and an LF at the start of the
        // next are one line break, not two (which would end the event early).
        string payload = string.Join(lineBreak, ": comment", "event: update", "data: one", "data: two", string.Empty, "data: three", string.Empty, string.Empty);
        ServerSentEvent[] expected = [new("update", "one\ntwo", null, null), new("message", "three", null, null)];

        foreach (int chunk in new[] { 1, 2, 3, 5, 11, payload.Length })
        {
            var events = new List<ServerSentEvent>();
            await foreach (ServerSentEvent e in ServerSentEventDecoder.DecodeAsync(LineDecoderPropertyTests.Chunk(Encoding.UTF8.GetBytes(payload), [chunk])))
            {
                events.Add(e);
            }

            Assert.Equal(expected, events);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(13)]
    [InlineData(64)]
    public async Task A_server_sent_event_error_after_lone_CR_line_breaks_names_its_event_and_offset(int chunk)
    {
        byte[] payload = [.. "data: a\r\rdata: b\r\n\r\n"u8, .. "data: "u8, 0xC3, 0x28, .. "\r\r"u8];
        var events = new List<ServerSentEvent>();

        LambdaPayloadFormatException error = await Assert.ThrowsAsync<LambdaPayloadFormatException>(async () =>
        {
            await foreach (ServerSentEvent e in ServerSentEventDecoder.DecodeAsync(LineDecoderPropertyTests.Chunk(payload, [chunk])))
            {
                events.Add(e);
            }
        });

        Assert.Equal([new ServerSentEvent("message", "a", null, null), new ServerSentEvent("message", "b", null, null)], events);
        Assert.Equal(3, error.RecordNumber);
        Assert.Equal(20, error.ByteOffset);
    }

    [Theory]
    [InlineData("17777777777777777")]
    [InlineData("99999999999999999999999")]
    public async Task A_retry_too_large_for_a_TimeSpan_is_ignored_like_any_unusable_value(string retry)
    {
        // Found by the SSE fuzz target: the value passed the digits-only rule and overflowed TimeSpan.
        string payload = $"retry: {retry}\ndata: a\n\nretry: 100\ndata: b\n\n";

        var events = new List<ServerSentEvent>();
        await foreach (ServerSentEvent e in ServerSentEventDecoder.DecodeAsync(LineDecoderPropertyTests.Chunk(Encoding.UTF8.GetBytes(payload), [7])))
        {
            events.Add(e);
        }

        Assert.Equal([new ServerSentEvent("message", "a", null, null), new ServerSentEvent("message", "b", null, TimeSpan.FromMilliseconds(100))], events);
    }

    [Theory]
    [InlineData("{\"statusCode\":\"200\"}", "String")]
    [InlineData("{\"statusCode\":{}}", "Object")]
    [InlineData("{\"statusCode\":2.5}", "Number")]
    public void A_prelude_whose_statusCode_is_not_an_integer_is_a_format_error(string prelude, string kind)
    {
        // Found by the HTTP-prelude fuzz target: JsonElement.TryGetInt32 throws InvalidOperationException on a string.
        var exception = Assert.Throws<LambdaPayloadFormatException>(() => new HttpIntegrationPreludeReader().Feed((byte[])[.. Encoding.UTF8.GetBytes(prelude), .. new byte[8]], out _));

        Assert.Contains($"statusCode is {kind}, not an integer", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"statusCode\":42}", "statusCode 42 is not an HTTP status code (100 to 999)")]
    [InlineData("{\"statusCode\":1000}", "statusCode 1000 is not an HTTP status code (100 to 999)")]
    [InlineData("{\"statusCode\":200} {\"statusCode\":500}", "the prelude is not valid JSON")]
    [InlineData("{\"headers\":{\"x-note\":\"a\\r\\nSet-Cookie: session=stolen\"}}", "header 'x-note' has a line break or NUL in its value")]
    [InlineData("{\"headers\":{\"bad name\":\"1\"}}", "'bad name' is not a header name")]
    [InlineData("{\"headers\":{\"\":\"1\"}}", "'' is not a header name")]
    [InlineData("{\"cookies\":[\"a=1\\nX-Evil: 1\"]}", "cookie 1 has a line break or NUL")]
    public void A_prelude_that_is_no_HTTP_response_is_a_format_error_never_passed_on(string prelude, string problem)
    {
        // What a relay would copy into its own response: a status no server can send, or a header or cookie that
        // would split the response, is refused where it is read.
        var exception = Assert.Throws<LambdaPayloadFormatException>(() => new HttpIntegrationPreludeReader().Feed((byte[])[.. Encoding.UTF8.GetBytes(prelude), .. new byte[8], .. "private body"u8], out _));

        Assert.Equal(StreamFormat.HttpIntegrationPrelude, exception.Format);
        Assert.Contains(problem, exception.Message, StringComparison.Ordinal);

        // The excerpt is the prelude's: the body after the delimiter stays out of messages and logs.
        Assert.DoesNotContain("private body", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\0', exception.Excerpt);
    }

    [Fact]
    public async Task Http_integration_prelude_is_parsed_and_stripped_before_the_body()
    {
        byte[] prelude = Encoding.UTF8.GetBytes("{\"statusCode\":201,\"headers\":{\"Content-Type\":\"text/plain\"},\"cookies\":[\"a=1\",\"b=2\"]}");
        byte[] body = Encoding.UTF8.GetBytes("hello\nworld\n");
        byte[] payload = [.. prelude, .. new byte[8], .. body];
        await using var fixture = await ClientFixture.StartAsync(o => o.AddFunction("url", async (_, response, ct) =>
        {
            for (int i = 0; i < payload.Length; i += 5)
            {
                await response.WriteAsync(payload.AsMemory(i, Math.Min(5, payload.Length - i)), ct);
                await response.FlushAsync(ct);
            }
        }));

        await using LambdaResponseStream response = await fixture.Client.InvokeAsync(new LambdaStreamingRequest("url"));
        HttpIntegrationResponse http = await response.ReadHttpIntegrationPreludeAsync();
        var lines = new List<string>();
        await foreach (string line in response.ReadTextLinesAsync())
        {
            lines.Add(line);
        }

        Assert.Equal(201, http.StatusCode);
        Assert.Equal("text/plain", http.Headers["content-type"]);
        Assert.Equal(["a=1", "b=2"], http.Cookies);
        Assert.Equal(["hello", "world"], lines);
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await response.ReadHttpIntegrationPreludeAsync());
    }

    [Fact]
    public async Task Missing_prelude_delimiter_is_an_error_not_a_silent_body()
    {
        await using var fixture = await ClientFixture.StartAsync(o => o.AddFunction("plain", async (_, response, ct) => await response.WriteLineAsync("{\"statusCode\":200} no delimiter", ct)));

        await using LambdaResponseStream response = await fixture.Client.InvokeAsync(new LambdaStreamingRequest("plain"));
        var exception = await Assert.ThrowsAsync<LambdaPayloadFormatException>(async () => await response.ReadHttpIntegrationPreludeAsync());

        Assert.Contains("delimiter", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_array_and_server_sent_events_read_end_to_end()
    {
        await using var fixture = await ClientFixture.StartAsync(o =>
        {
            o.AddFunction("array", async (_, response, ct) =>
            {
                await response.WriteAsync("[{\"id\":1,\"name\":\"a\",\"score\":1},"u8.ToArray(), ct);
                await response.FlushAsync(ct);
                await response.WriteAsync("{\"id\":2,\"name\":\"b\",\"score\":2}]"u8.ToArray(), ct);
            });
            o.AddFunction("sse", async (_, response, ct) =>
            {
                await response.WriteAsync("event: tick\ndata: 1\n\nevent: tick\ndata: 2\n\n"u8.ToArray(), ct);
            });
        });

        await using LambdaResponseStream array = await fixture.Client.InvokeAsync(new LambdaStreamingRequest("array"));
        var rows = new List<Row>();
        await foreach (Row row in array.ReadJsonArrayAsync(TestJsonContext.Default.Row))
        {
            rows.Add(row);
        }

        await using LambdaResponseStream sse = await fixture.Client.InvokeAsync(new LambdaStreamingRequest("sse"));
        var events = new List<ServerSentEvent>();
        await foreach (ServerSentEvent e in sse.ReadServerSentEventsAsync())
        {
            events.Add(e);
        }

        Assert.Equal([1, 2], rows.Select(r => r.Id));
        Assert.Equal(["1", "2"], events.Select(e => e.Data));
        Assert.All(events, e => Assert.Equal("tick", e.EventType));
    }
}
