using System.Text;
using LambdaStreamGen.Decoding;
using LambdaStreamGen.Tests.Support;

namespace LambdaStreamGen.Tests.Decoding;

/// <summary>
/// A function that writes its text with a UTF-8 byte-order mark (.NET's <c>Encoding.UTF8</c> writers do) must not
/// lose its first record or fail on it: one leading mark is skipped by every text decoder, as the server-sent events
/// rules require and as <c>StreamReader</c> and System.Text.Json's stream readers do. A mark anywhere else is content.
/// </summary>
public sealed class ByteOrderMarkTests
{
    private static readonly byte[] Mark = [0xEF, 0xBB, 0xBF];

    public static TheoryData<int> Chunkings => [int.MaxValue, 1, 2, 3, 4, 64];

    [Theory]
    [MemberData(nameof(Chunkings))]
    public async Task Json_lines_skip_one_leading_mark(int chunk)
    {
        List<Row> rows = await Collect(JsonLinesDecoder.DecodeAsync(Chunks(WithMark("{\"id\":1,\"name\":\"a\",\"score\":0.5}\n{\"id\":2,\"name\":\"b\",\"score\":1}\n"), chunk), TestJsonContext.Default.Row));

        Assert.Equal([new Row(1, "a", 0.5), new Row(2, "b", 1)], rows);
    }

    [Theory]
    [MemberData(nameof(Chunkings))]
    public async Task Json_array_skips_one_leading_mark(int chunk)
    {
        List<string> items = await Collect(JsonArrayDecoder.DecodeAsync(Chunks(WithMark(" [\"a\",\"b\"]"), chunk), TestJsonContext.Default.String));

        Assert.Equal(["a", "b"], items);
    }

    [Theory]
    [MemberData(nameof(Chunkings))]
    public async Task Text_lines_skip_one_leading_mark_and_keep_any_other(int chunk)
    {
        List<string> lines = await Collect(TextLinesDecoder.DecodeAsync(Chunks(WithMark("one\n\uFEFFtwo\n"), chunk)));

        Assert.Equal(["one", "\uFEFFtwo"], lines);
    }

    [Theory]
    [MemberData(nameof(Chunkings))]
    public async Task Server_sent_events_keep_the_first_event_after_a_leading_mark(int chunk)
    {
        List<ServerSentEvent> events = await Collect(ServerSentEventDecoder.DecodeAsync(Chunks(WithMark("data: first\n\ndata: second\n\n"), chunk)));

        Assert.Equal([new ServerSentEvent("message", "first", null, null), new ServerSentEvent("message", "second", null, null)], events);
    }

    [Fact]
    public async Task A_lone_mark_is_an_empty_payload_for_lines()
    {
        Assert.Empty(await Collect(TextLinesDecoder.DecodeAsync(Chunks(Mark, 1))));
        Assert.Empty(await Collect(JsonLinesDecoder.DecodeAsync(Chunks(Mark, 2), TestJsonContext.Default.Row)));
    }

    [Fact]
    public async Task An_error_on_the_first_line_points_past_the_mark()
    {
        LambdaPayloadFormatException error = await Assert.ThrowsAsync<LambdaPayloadFormatException>(() =>
            Collect(JsonLinesDecoder.DecodeAsync(Chunks(WithMark("{\"id\":\"one\"}\n"), 5), TestJsonContext.Default.Row)));

        Assert.Equal(1, error.RecordNumber);
        Assert.Equal(Mark.Length, error.ByteOffset);
    }

    private static byte[] WithMark(string text) => [.. Mark, .. Encoding.UTF8.GetBytes(text)];

    private static IAsyncEnumerable<ReadOnlyMemory<byte>> Chunks(byte[] payload, int chunk) =>
        LineDecoderPropertyTests.Chunk(payload, [Math.Min(chunk, Math.Max(1, payload.Length))]);

    private static async Task<List<T>> Collect<T>(IAsyncEnumerable<T> source)
    {
        var items = new List<T>();
        await foreach (T item in source)
        {
            items.Add(item);
        }

        return items;
    }
}
