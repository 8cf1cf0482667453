using System.Text;
using LambdaStreamGen.Decoding;
using LambdaStreamGen.Tests.Support;

namespace LambdaStreamGen.Tests.Decoding;

/// <summary>
/// What every decoder promises about records: each complete record before a defect is handed out, then the defect is
/// thrown naming its record and offset; a cancelled caller gets none of the records already buffered; no record grows
/// past the configured limit, however the function chunks or fails to end it.
/// </summary>
public sealed class RecordDeliveryTests
{
    // Chunkings that put the defect in the same chunk as the good records, split records anywhere, or feed byte by byte.
    public static TheoryData<int> Chunkings => [int.MaxValue, 1, 3, 7, 64];

    private const string GoodJson = "{\"id\":1,\"name\":\"a\",\"score\":0.5}";

    [Theory]
    [MemberData(nameof(Chunkings))]
    public async Task Json_array_hands_out_every_element_before_a_malformed_one(int chunk)
    {
        string payload = "[" + GoodJson + ", " + GoodJson.Replace("1", "2", StringComparison.Ordinal) + ",{\"id\":\"three\"}," + GoodJson + "]";
        int badOffset = payload.IndexOf("{\"id\":\"three\"", StringComparison.Ordinal);

        (List<Row> rows, LambdaPayloadFormatException error) = await CollectUntilError(
            JsonArrayDecoder.DecodeAsync(Chunks(payload, chunk), TestJsonContext.Default.Row));

        Assert.Equal([new Row(1, "a", 0.5), new Row(2, "a", 0.5)], rows);
        Assert.Equal(StreamFormat.JsonArray, error.Format);
        Assert.Equal(3, error.RecordNumber);
        Assert.Equal(badOffset, error.ByteOffset);
        Assert.Contains("element 3", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Chunkings))]
    public async Task Json_lines_hand_out_every_record_before_a_malformed_line(int chunk)
    {
        string payload = GoodJson + "\n\n" + GoodJson + "\r\n{\"id\":\"three\"}\n" + GoodJson + "\n";
        int badOffset = payload.IndexOf("{\"id\":\"three\"", StringComparison.Ordinal);

        (List<Row> rows, LambdaPayloadFormatException error) = await CollectUntilError(
            JsonLinesDecoder.DecodeAsync(Chunks(payload, chunk), TestJsonContext.Default.Row));

        Assert.Equal([new Row(1, "a", 0.5), new Row(1, "a", 0.5)], rows);
        Assert.Equal(StreamFormat.JsonLines, error.Format);
        Assert.Equal(4, error.RecordNumber);
        Assert.Equal(badOffset, error.ByteOffset);
    }

    [Theory]
    [MemberData(nameof(Chunkings))]
    public async Task Text_lines_hand_out_every_line_before_one_that_is_not_UTF8(int chunk)
    {
        byte[] payload = [.. "one\ntwo\r\n"u8, .. "th"u8, 0xFF, .. "ree\nfour\n"u8];

        (List<string> lines, LambdaPayloadFormatException error) = await CollectUntilError(TextLinesDecoder.DecodeAsync(Chunks(payload, chunk)));

        Assert.Equal(["one", "two"], lines);
        Assert.Equal(StreamFormat.TextLines, error.Format);
        Assert.Equal(3, error.RecordNumber);
        Assert.Equal(9, error.ByteOffset);
    }

    [Theory]
    [MemberData(nameof(Chunkings))]
    public async Task Server_sent_events_hand_out_every_event_before_one_that_is_not_UTF8(int chunk)
    {
        byte[] payload = [.. "data: a\n\n: comment\nevent: x\ndata: b\n\n"u8, .. "data: "u8, 0xC3, 0x28, .. "\n\ndata: d\n\n"u8];

        (List<ServerSentEvent> events, LambdaPayloadFormatException error) = await CollectUntilError(ServerSentEventDecoder.DecodeAsync(Chunks(payload, chunk)));

        Assert.Equal([new ServerSentEvent("message", "a", null, null), new ServerSentEvent("x", "b", null, null)], events);
        Assert.Equal(StreamFormat.ServerSentEvents, error.Format);
        Assert.Equal(3, error.RecordNumber);
        Assert.Equal(37, error.ByteOffset);
    }

    public static TheoryData<string> Decoders => ["json-lines", "json-array", "text-lines", "sse"];

    [Theory]
    [MemberData(nameof(Decoders))]
    public async Task Cancelling_the_method_token_stops_records_already_buffered(string decoder)
    {
        using var cancellation = new CancellationTokenSource();
        await using IAsyncEnumerator<object> records = Decode(decoder, OneChunkOfFiveRecords(decoder), cancellation.Token).GetAsyncEnumerator();

        Assert.True(await records.MoveNextAsync());
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await records.MoveNextAsync());
    }

    [Theory]
    [MemberData(nameof(Decoders))]
    public async Task Cancelling_the_WithCancellation_token_stops_records_already_buffered(string decoder)
    {
        using var cancellation = new CancellationTokenSource();
        await using IAsyncEnumerator<object> records = Decode(decoder, OneChunkOfFiveRecords(decoder), CancellationToken.None).GetAsyncEnumerator(cancellation.Token);

        Assert.True(await records.MoveNextAsync());
        Assert.True(await records.MoveNextAsync());
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await records.MoveNextAsync());
    }

    [Theory]
    [MemberData(nameof(Decoders))]
    public async Task A_record_of_exactly_the_limit_passes_and_one_byte_more_fails_at_any_chunking(string decoder)
    {
        const int Limit = 300;
        foreach (int chunk in new[] { 1, 5, 64, 4096 })
        {
            List<object> fits = await CollectAll(Decode(decoder, Chunks(RecordOfSize(decoder, Limit), chunk), CancellationToken.None, Limit));
            Assert.Single(fits);

            (List<object> before, LambdaPayloadFormatException error) = await CollectUntilError(
                Decode(decoder, Chunks(RecordOfSize(decoder, Limit + 1), chunk), CancellationToken.None, Limit));
            Assert.Empty(before);
            Assert.Equal(1, error.RecordNumber);
            Assert.Contains("MaxRecordBytes (300 bytes)", error.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Decoders))]
    public void A_256_MiB_payload_without_a_record_boundary_fails_at_the_limit_with_memory_near_the_limit(string decoder)
    {
        const int Limit = 1024 * 1024;
        var source = new EndlessRecordSource(256L * 1024 * 1024, chunkBytes: 64 * 1024, fill: decoder == "json-array" ? (byte)' ' : (byte)'x', prefix: decoder switch
        {
            "json-array" => "[\"",
            "sse" => "data: ",
            _ => "\"",
        });

        // Driven synchronously (the source never waits), so this thread's allocation counter sees every byte the
        // decoder allocates: a decoder that buffered the stream would allocate at least 256 MiB here.
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        LambdaPayloadFormatException error = DrainSynchronously(Decode(decoder, source, CancellationToken.None, Limit));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

        Assert.Contains("MaxRecordBytes (1,048,576 bytes)", error.Message, StringComparison.Ordinal);
        Assert.Contains(LambdaPayloadFormatException.Describe(error.Format), error.Message, StringComparison.Ordinal);
        Assert.Equal(decoder == "json-array" ? 1 : 0, error.ByteOffset); // the array's element starts after its '['
        Assert.True(source.BytesHandedOut <= Limit + (2 * 64 * 1024), $"read {source.BytesHandedOut} bytes before failing");
        Assert.True(allocated < 4L * Limit, $"allocated {allocated} bytes");
    }

    [Fact]
    public void A_prelude_without_its_delimiter_fails_at_the_limit_without_buffering_the_chunk()
    {
        var reader = new HttpIntegrationPreludeReader(maxPreludeBytes: 1000);
        byte[] chunk = Encoding.UTF8.GetBytes("{\"statusCode\":200,\"headers\":{\"x\":\"" + new string('y', 100_000) + "\"}}");

        var error = Assert.Throws<LambdaPayloadFormatException>(() => reader.Feed(chunk, out _));

        Assert.Equal(StreamFormat.HttpIntegrationPrelude, error.Format);
        Assert.Contains("within the first 1,000 bytes (MaxRecordBytes)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_prelude_within_the_limit_returns_the_body_bytes_that_follow_it_in_the_same_chunk()
    {
        var reader = new HttpIntegrationPreludeReader(maxPreludeBytes: 20);
        byte[] chunk = [.. "{\"statusCode\":204}"u8, .. new byte[8], .. new byte[5000]];

        HttpIntegrationResponse? response = reader.Feed(chunk, out ReadOnlyMemory<byte> body);

        Assert.Equal(204, response!.StatusCode);
        Assert.Equal(5000, body.Length);
    }

    internal static async Task<(List<T> Items, LambdaPayloadFormatException Error)> CollectUntilError<T>(IAsyncEnumerable<T> source)
    {
        var items = new List<T>();
        var error = await Assert.ThrowsAsync<LambdaPayloadFormatException>(async () =>
        {
            await foreach (T item in source)
            {
                items.Add(item);
            }
        });
        return (items, error);
    }

    private static async Task<List<object>> CollectAll(IAsyncEnumerable<object> source)
    {
        var items = new List<object>();
        await foreach (object item in source)
        {
            items.Add(item);
        }

        return items;
    }

    private static LambdaPayloadFormatException DrainSynchronously(IAsyncEnumerable<object> source)
    {
        IAsyncEnumerator<object> records = source.GetAsyncEnumerator();
        try
        {
            while (true)
            {
                ValueTask<bool> next = records.MoveNextAsync();
                Assert.True(next.IsCompleted, "the decoder waited on a source that never waits");
                if (next.IsFaulted)
                {
                    return Assert.IsType<LambdaPayloadFormatException>(next.AsTask().Exception!.InnerException);
                }

                Assert.True(next.Result, "the payload ended without the expected error");
            }
        }
        finally
        {
            Assert.True(records.DisposeAsync().IsCompleted);
        }
    }

    private static IAsyncEnumerable<object> Decode(string decoder, IAsyncEnumerable<ReadOnlyMemory<byte>> chunks, CancellationToken token, int limit = LambdaStreamingClientOptions.DefaultMaxRecordBytes) => decoder switch
    {
        "json-lines" => Box(JsonLinesDecoder.DecodeAsync(chunks, TestJsonContext.Default.String, limit, token)),
        "json-array" => Box(JsonArrayDecoder.DecodeAsync(chunks, TestJsonContext.Default.String, limit, token)),
        "text-lines" => Box(TextLinesDecoder.DecodeAsync(chunks, limit, token)),
        _ => Box(ServerSentEventDecoder.DecodeAsync(chunks, limit, token)),
    };

    private static async IAsyncEnumerable<object> Box<T>(IAsyncEnumerable<T> source, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken token = default)
    {
        await foreach (T item in source.WithCancellation(token))
        {
            yield return item!;
        }
    }

    private static IAsyncEnumerable<ReadOnlyMemory<byte>> OneChunkOfFiveRecords(string decoder) => Chunks(
        decoder switch
        {
            "json-lines" => "\"a\"\n\"b\"\n\"c\"\n\"d\"\n\"e\"\n",
            "json-array" => "[\"a\",\"b\",\"c\",\"d\",\"e\"]",
            "text-lines" => "a\nb\nc\nd\ne\n",
            _ => "data: a\n\ndata: b\n\ndata: c\n\ndata: d\n\ndata: e\n\n",
        },
        int.MaxValue);

    // One record whose size, as the decoder counts it, is exactly `size` bytes.
    private static string RecordOfSize(string decoder, int size) => decoder switch
    {
        "json-lines" => "\"" + new string('x', size - 2) + "\"\n",
        "json-array" => "[\"" + new string('x', size - 2) + "\"]",
        "text-lines" => new string('x', size) + "\r\n",
        _ => "data: " + new string('x', size - 7) + "\n\n", // the line and its '\n' make the event's bytes
    };

    private static IAsyncEnumerable<ReadOnlyMemory<byte>> Chunks(string payload, int chunk) => Chunks(Encoding.UTF8.GetBytes(payload), chunk);

    private static IAsyncEnumerable<ReadOnlyMemory<byte>> Chunks(byte[] payload, int chunk) =>
        LineDecoderPropertyTests.Chunk(payload, [Math.Min(chunk, Math.Max(1, payload.Length))]);

    /// <summary>A payload of a fixed size in which no record ever ends; every chunk is ready at once.</summary>
    private sealed class EndlessRecordSource(long totalBytes, int chunkBytes, byte fill, string prefix) : IAsyncEnumerable<ReadOnlyMemory<byte>>
    {
        public long BytesHandedOut { get; private set; }

        public async IAsyncEnumerator<ReadOnlyMemory<byte>> GetAsyncEnumerator(CancellationToken cancellationToken = default)
        {
            byte[] chunk = new byte[chunkBytes];
            Array.Fill(chunk, fill);
            byte[] first = [.. Encoding.UTF8.GetBytes(prefix), .. chunk.AsSpan(prefix.Length)];
            await Task.CompletedTask;
            for (long sent = 0; sent < totalBytes; sent += chunkBytes)
            {
                BytesHandedOut += chunkBytes;
                yield return sent == 0 ? first : chunk;
            }
        }
    }
}
