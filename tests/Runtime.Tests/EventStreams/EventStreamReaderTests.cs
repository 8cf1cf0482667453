using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.IO.Pipelines;
using System.Runtime.InteropServices;
using LambdaStreamGen.EventStreams;
using LambdaStreamGen.Tests.Support;

namespace LambdaStreamGen.Tests.EventStreams;

public sealed class EventStreamReaderTests
{
    // A generous guard against a hang; no test here measures time.
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Prelude_claiming_4_GiB_fails_at_once_without_waiting_for_the_rest()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(Prelude(uint.MaxValue, 0));

        await using var reader = new EventStreamReader(pipe.Reader);
        var exception = await Assert.ThrowsAsync<EventStreamFormatException>(() => reader.ReadAsync().AsTask().WaitAsync(HangGuard));

        Assert.Equal(EventStreamFormatError.MessageTooLarge, exception.Reason);
        Assert.Contains("4,294,967,295", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Message_above_the_configured_maximum_is_rejected_from_its_prelude()
    {
        byte[] bytes = MessageFactory.Encode(MessageFactory.Event("PayloadChunk", new byte[1000]));
        var options = new EventStreamReaderOptions { MaxMessageSize = 500 };

        var exception = await Assert.ThrowsAsync<EventStreamFormatException>(() => EventStreamDecoding.DecodeAllAsync(bytes, 12, InputShape.StreamReads, options));

        Assert.Equal(EventStreamFormatError.MessageTooLarge, exception.Reason);
    }

    [Fact]
    public async Task Read_waits_for_the_rest_of_a_valid_message_and_reports_truncation_at_end_of_input()
    {
        byte[] first = MessageFactory.Encode(MessageFactory.Event("PayloadChunk", [1, 2, 3]));
        byte[] second = MessageFactory.Encode(MessageFactory.Event("PayloadChunk", new byte[1024]));
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(first);
        await pipe.Writer.WriteAsync(second.AsMemory(0, 40));

        await using var reader = new EventStreamReader(pipe.Reader);
        Assert.NotNull(await reader.ReadAsync());
        ValueTask<EventStreamMessage?> pending = reader.ReadAsync();
        await Task.Yield();
        Assert.False(pending.IsCompleted, "The reader returned before the message was complete.");

        await pipe.Writer.CompleteAsync();
        var exception = await Assert.ThrowsAsync<EventStreamFormatException>(() => pending.AsTask().WaitAsync(HangGuard));

        Assert.Equal(EventStreamFormatError.TruncatedMessage, exception.Reason);
        Assert.Equal(first.Length, exception.MessageOffset);
        Assert.Contains($"after 40 of the message's {second.Length} bytes", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Input_ending_inside_a_prelude_is_truncation_not_a_clean_end()
    {
        byte[] bytes = [.. MessageFactory.Encode(MessageFactory.Event("PayloadChunk", [1])), 0, 0, 0];

        var exception = await Assert.ThrowsAsync<EventStreamFormatException>(() => EventStreamDecoding.DecodeAllAsync(bytes, 1, InputShape.StreamReads));

        Assert.Equal(EventStreamFormatError.TruncatedMessage, exception.Reason);
        Assert.Equal(bytes.Length - 3, exception.MessageOffset);
    }

    [Fact]
    public async Task Empty_input_is_a_clean_end()
    {
        await using var reader = new EventStreamReader(new MemoryStream());

        Assert.Null(await reader.ReadAsync());
        Assert.Null(await reader.ReadAsync());
        Assert.Equal(0, reader.BytesConsumed);
    }

    [Fact]
    public async Task Pending_read_is_cancelled_by_its_token()
    {
        var pipe = new Pipe();
        await using var reader = new EventStreamReader(pipe.Reader);
        using var cancellation = new CancellationTokenSource();

        ValueTask<EventStreamMessage?> pending = reader.ReadAsync(cancellation.Token);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending.AsTask().WaitAsync(HangGuard));
    }

    [Fact]
    public async Task Second_concurrent_read_is_refused()
    {
        var pipe = new Pipe();
        await using var reader = new EventStreamReader(pipe.Reader);

        ValueTask<bool> pending = reader.MoveNextAsync();

        Assert.Throws<InvalidOperationException>(() => reader.MoveNextAsync());
        await pipe.Writer.CompleteAsync();
        Assert.False(await pending);
    }

    [Fact]
    public async Task Current_without_a_message_throws()
    {
        await using var reader = new EventStreamReader(new MemoryStream());

        Assert.Throws<InvalidOperationException>(() => reader.Current.TotalLength);
        Assert.False(await reader.MoveNextAsync());
        Assert.Throws<InvalidOperationException>(() => reader.Current.TotalLength);
    }

    [Fact]
    public async Task Disposing_the_reader_disposes_the_stream_unless_asked_to_leave_it_open()
    {
        var owned = new ChunkedReadStream([], 1);
        var borrowed = new ChunkedReadStream([], 1);

        await new EventStreamReader(owned).DisposeAsync();
        await new EventStreamReader(borrowed, new EventStreamReaderOptions { LeaveOpen = true }).DisposeAsync();

        Assert.True(owned.Disposed);
        Assert.False(borrowed.Disposed);
    }

    [Fact]
    public async Task View_payload_points_into_the_input_when_the_message_lies_in_one_segment()
    {
        byte[] bytes = MessageFactory.Encode(MessageFactory.Event("PayloadChunk", [10, 20, 30, 40]));
        await using var reader = new EventStreamReader(PipeReader.Create(new ReadOnlySequence<byte>(bytes)));

        Assert.True(await reader.MoveNextAsync());
        ReadOnlyMemory<byte> payload = reader.Current.Payload;

        Assert.True(MemoryMarshal.TryGetArray(payload, out ArraySegment<byte> segment));
        Assert.Same(bytes, segment.Array);
        Assert.Equal(bytes.Length - 4 - payload.Length, segment.Offset);
    }

    [Fact]
    public async Task View_finds_string_headers_by_utf8_name()
    {
        byte[] bytes = MessageFactory.Encode(MessageFactory.Event("InvokeComplete", []));
        await using var reader = new EventStreamReader(new MemoryStream(bytes));

        Assert.True(await reader.MoveNextAsync());

        Assert.True(reader.Current.TryGetStringHeader(":event-type"u8, out ReadOnlySpan<byte> eventType));
        Assert.True(eventType.SequenceEqual("InvokeComplete"u8));
        Assert.False(reader.Current.TryGetStringHeader(":exception-type"u8, out _));
        int count = 0;
        foreach (EventStreamHeaderView header in reader.Current.GetHeaders())
        {
            Assert.Equal(EventStreamHeaderType.String, header.Type);
            count++;
        }

        Assert.Equal(3, count);
    }

    [Fact]
    public async Task Allocation_free_path_allocates_nothing_per_message()
    {
        byte[] one = MessageFactory.Encode(MessageFactory.Event("PayloadChunk", new byte[64]));
        byte[] bytes = [.. Enumerable.Repeat(one, 1000).SelectMany(b => b)];

        // The first pass warms up the JIT and the pipe; the second is measured.
        await ReadAllViewsAsync(bytes);
        long before = GC.GetAllocatedBytesForCurrentThread();
        long payloadBytes = await ReadAllViewsAsync(bytes);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(64_000, payloadBytes);

        // A reader, a pipe reader and their bookkeeping are allocated once per stream; nothing may scale with messages.
        Assert.True(allocated < 2_000, $"Reading 1,000 messages allocated {allocated} bytes.");
    }

    [Fact]
    public async Task Messages_straddling_stream_reads_are_copied_out_intact()
    {
        byte[] payload = new byte[200_000];
        Random.Shared.NextBytes(payload);
        byte[] bytes = MessageFactory.Encode(MessageFactory.Event("PayloadChunk", payload), MessageFactory.Event("PayloadChunk", payload));

        List<EventStreamMessage> messages = await EventStreamDecoding.DecodeAllAsync(bytes, 7_919, InputShape.StreamReads, new EventStreamReaderOptions { BufferSize = 4096 });

        Assert.Equal(2, messages.Count);
        Assert.All(messages, m => Assert.True(m.Payload.Span.SequenceEqual(payload)));
    }

    [Fact]
    public async Task Owned_messages_stay_intact_after_the_reader_reuses_its_buffer()
    {
        var id = Guid.NewGuid();
        var sent = Enumerable.Range(0, 50).Select(i => new EventStreamMessage(
            [
                new(":event-type", EventStreamHeaderValue.FromString(i % 2 == 0 ? "PayloadChunk" : "Other")),
                new("seq", EventStreamHeaderValue.FromInt32(i)),
                new("id", EventStreamHeaderValue.FromUuid(id)),
                new("blob", EventStreamHeaderValue.FromBytes(new byte[] { (byte)i, 1, 2 })),
                new("at", EventStreamHeaderValue.FromTimestampMilliseconds(1_700_000_000_000 + i)),
            ],
            Enumerable.Repeat((byte)i, 64 + i).ToArray())).ToList();

        // Fed one message at a time through a pipe, whose segments are reused as soon as the reader moves on.
        var pipe = new Pipe(new PipeOptions(minimumSegmentSize: 256));
        await using var reader = new EventStreamReader(pipe.Reader);
        var received = new List<EventStreamMessage>();
        foreach (EventStreamMessage message in sent)
        {
            await pipe.Writer.WriteAsync(MessageFactory.Encode(message));
            received.Add((await reader.ReadAsync().AsTask().WaitAsync(HangGuard))!);
        }

        await pipe.Writer.CompleteAsync();
        Assert.Null(await reader.ReadAsync());

        Assert.Equal(sent.Count, received.Count);
        for (int i = 0; i < sent.Count; i++)
        {
            Assert.Equal(sent[i].Headers, received[i].Headers);
            Assert.Equal(sent[i].Payload.ToArray(), received[i].Payload.ToArray());
            Assert.Equal(i, received[i].TryGetHeader("seq", out EventStreamHeaderValue seq) ? seq.AsInt32() : -1);
            Assert.Equal(i % 2 == 0 ? "PayloadChunk" : "Other", received[i].GetStringHeader(":event-type"));
            Assert.False(received[i].TryGetHeader("absent", out _));
        }
    }

    [Fact]
    public async Task Error_after_good_messages_names_the_offset_of_the_bad_one()
    {
        byte[] good = MessageFactory.Encode(MessageFactory.Event("PayloadChunk", [1, 2, 3]));
        byte[] bad = MessageFactory.Encode(MessageFactory.Event("PayloadChunk", [4, 5, 6]));
        bad[^6] ^= 0xFF; // a payload byte: the message CRC no longer matches
        byte[] bytes = [.. good, .. good, .. bad];

        await using EventStreamReader reader = EventStreamDecoding.CreateReader(bytes, 3, InputShape.StreamReads);
        Assert.NotNull(await reader.ReadAsync());
        Assert.NotNull(await reader.ReadAsync());
        var exception = await Assert.ThrowsAsync<EventStreamFormatException>(async () => await reader.ReadAsync());

        Assert.Equal(EventStreamFormatError.MessageChecksumMismatch, exception.Reason);
        Assert.Equal(2 * good.Length, exception.MessageOffset);
        Assert.Contains($"byte offset {2 * good.Length}", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_utf8_in_a_header_name_is_rejected()
    {
        byte[] bytes = MessageFactory.Encode(new EventStreamMessage([new EventStreamHeader("ab", EventStreamHeaderValue.FromBoolean(true))], Array.Empty<byte>()));
        bytes[13] = 0xC3; // the first name byte becomes the start of a two-byte sequence followed by 'b'
        FixMessageCrc(bytes);

        var exception = await Assert.ThrowsAsync<EventStreamFormatException>(() => EventStreamDecoding.DecodeAllAsync(bytes, bytes.Length, InputShape.StreamReads));

        Assert.Equal(EventStreamFormatError.InvalidUtf8, exception.Reason);
    }

    [Fact]
    public void Options_reject_a_maximum_below_the_smallest_message()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new EventStreamReader(new MemoryStream(), new EventStreamReaderOptions { MaxMessageSize = 15 }));
    }

    private static async Task<long> ReadAllViewsAsync(byte[] bytes)
    {
        long total = 0;
        await using var reader = new EventStreamReader(PipeReader.Create(new ReadOnlySequence<byte>(bytes)));
        while (await reader.MoveNextAsync())
        {
            total += reader.Current.Payload.Length;
        }

        return total;
    }

    private static byte[] Prelude(uint totalLength, uint headersLength)
    {
        byte[] prelude = new byte[12];
        BinaryPrimitives.WriteUInt32BigEndian(prelude, totalLength);
        BinaryPrimitives.WriteUInt32BigEndian(prelude.AsSpan(4), headersLength);
        BinaryPrimitives.WriteUInt32BigEndian(prelude.AsSpan(8), Crc32.HashToUInt32(prelude.AsSpan(0, 8)));
        return prelude;
    }

    private static void FixMessageCrc(byte[] message) =>
        BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(message.Length - 4), Crc32.HashToUInt32(message.AsSpan(0, message.Length - 4)));
}
