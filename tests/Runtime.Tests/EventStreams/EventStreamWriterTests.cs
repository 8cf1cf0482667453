using System.Buffers;
using System.IO.Pipelines;
using LambdaStreamGen.EventStreams;
using LambdaStreamGen.Tests.Support;

namespace LambdaStreamGen.Tests.EventStreams;

public sealed class EventStreamWriterTests
{
    public static TheoryData<string, EventStreamHeader> UnwritableHeaders => new()
    {
        { "empty name", new EventStreamHeader("", EventStreamHeaderValue.FromBoolean(true)) },
        { "256-byte name", new EventStreamHeader(new string('é', 128), EventStreamHeaderValue.FromBoolean(true)) },
        { "lone surrogate in name", new EventStreamHeader("a\uD800", EventStreamHeaderValue.FromBoolean(true)) },
        { "empty string value", new EventStreamHeader("x", EventStreamHeaderValue.FromString("")) },
        { "empty byte-array value", new EventStreamHeader("x", EventStreamHeaderValue.FromBytes(Array.Empty<byte>())) },
        { "65,536-byte value", new EventStreamHeader("x", EventStreamHeaderValue.FromBytes(new byte[65_536])) },
        { "lone surrogate in value", new EventStreamHeader("x", EventStreamHeaderValue.FromString("\uDC00")) },
    };

    [Fact]
    public void Smallest_message_has_the_documented_bytes()
    {
        byte[] bytes = MessageFactory.Encode(new EventStreamMessage([], ReadOnlyMemory<byte>.Empty));

        Assert.Equal("0000001000000000" + "05C248EB" + "7D98C8FF", Convert.ToHexString(bytes));
    }

    [Theory]
    [MemberData(nameof(UnwritableHeaders))]
    public async Task Header_that_some_decoder_would_reject_is_refused_before_anything_is_written(string why, EventStreamHeader header)
    {
        var message = new EventStreamMessage([new EventStreamHeader("ok", EventStreamHeaderValue.FromInt32(1)), header], new byte[] { 1 });
        var buffer = new ArrayBufferWriter<byte>();
        var stream = new MemoryStream();

        var exception = Assert.Throws<ArgumentException>(() => EventStreamWriter.Write(buffer, message));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await new EventStreamWriter(stream).WriteAsync(message));

        Assert.False(string.IsNullOrWhiteSpace(exception.Message), why);
        Assert.Equal(0, buffer.WrittenCount);
        Assert.Equal(0, stream.Length);
    }

    [Fact]
    public void Name_of_exactly_255_utf8_bytes_is_written()
    {
        string name = new string('é', 127) + "x";
        byte[] bytes = MessageFactory.Encode(new EventStreamMessage([new EventStreamHeader(name, EventStreamHeaderValue.FromBoolean(false))], Array.Empty<byte>()));

        Assert.Equal(255, bytes[12]);
    }

    [Fact]
    public async Task Stream_pipe_and_buffer_writer_produce_identical_bytes()
    {
        EventStreamMessage[] messages =
        [
            MessageFactory.Event("PayloadChunk", [1, 2, 3]),
            new EventStreamMessage([new EventStreamHeader("uuid", EventStreamHeaderValue.FromUuid(Guid.NewGuid()))], new byte[100_000]),
            new EventStreamMessage([], ReadOnlyMemory<byte>.Empty),
        ];
        byte[] expected = MessageFactory.Encode(messages);

        var stream = new MemoryStream();
        var streamWriter = new EventStreamWriter(stream);
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0));
        var pipeWriter = new EventStreamWriter(pipe.Writer);
        foreach (EventStreamMessage message in messages)
        {
            await streamWriter.WriteAsync(message);
            await pipeWriter.WriteAsync(message);
        }

        await pipe.Writer.CompleteAsync();
        ReadResult piped = await pipe.Reader.ReadAsync();
        while (!piped.IsCompleted)
        {
            pipe.Reader.AdvanceTo(piped.Buffer.Start, piped.Buffer.End);
            piped = await pipe.Reader.ReadAsync();
        }

        Assert.Equal(expected, stream.ToArray());
        Assert.Equal(expected, piped.Buffer.ToArray());
        Assert.Equal(expected.Length, messages.Sum(EventStreamWriter.GetEncodedLength));
    }

    [Fact]
    public async Task Message_written_to_a_pipe_arrives_as_one_block()
    {
        // A pipe's segments are 4 KiB by default; a message written piecewise would span seventeen of them.
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0));
        EventStreamMessage message = MessageFactory.Event("PayloadChunk", new byte[64 * 1024]);

        await new EventStreamWriter(pipe.Writer).WriteAsync(message);
        ReadResult result = await pipe.Reader.ReadAsync();

        Assert.True(result.Buffer.IsSingleSegment);
        Assert.Equal(EventStreamWriter.GetEncodedLength(message), result.Buffer.Length);
        Assert.Equal(MessageFactory.Encode(message), result.Buffer.ToArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task Messages_either_side_of_the_one_block_limit_encode_as_the_stream_path_does(int overLimit)
    {
        // The stream path never builds the message in one buffer, so it is an independent encoding to compare with.
        EventStreamHeader[] headers = [new("n", EventStreamHeaderValue.FromInt32(7))];
        int headersLength = 1 + 1 + 1 + 4;
        byte[] payload = new byte[EventStreamWriter.ContiguousLimit - EventStreamFraming.MinimumMessageLength - headersLength + overLimit];
        new Random(11).NextBytes(payload);
        var stream = new MemoryStream();
        await new EventStreamWriter(stream).WriteAsync(headers, payload);

        var buffer = new ArrayBufferWriter<byte>();
        int written = EventStreamWriter.Write(buffer, headers, payload);

        Assert.Equal(EventStreamWriter.ContiguousLimit + overLimit, written);
        Assert.True(buffer.WrittenSpan.SequenceEqual(stream.ToArray()));
    }
}
