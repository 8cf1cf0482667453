using System.Text;
using CsCheck;
using LambdaStreamGen.EventStreams;
using LambdaStreamGen.Tests.Support;

namespace LambdaStreamGen.Tests.EventStreams;

/// <summary>
/// Random messages with every header type, boundary values, non-ASCII text and payloads up to 64 KiB survive
/// write → read unchanged, whatever the read size. CsCheck prints the seed of a failing case so it can be replayed.
/// </summary>
public sealed class RoundTripPropertyTests
{
    internal static readonly Gen<string> Text = Gen.OneOfConst("a", "Z", "-", ":", " ", "é", "ß", "日", "🙂", "\0", "\u07FF", "\uFFFF")
        .Array[1, 60]
        .Select(string.Concat);

    internal static readonly Gen<EventStreamHeaderValue> HeaderValue = Gen.OneOf(
        Gen.Bool.Select(EventStreamHeaderValue.FromBoolean),
        Gen.OneOf(Gen.SByte, Gen.OneOfConst(sbyte.MinValue, sbyte.MaxValue, (sbyte)0)).Select(EventStreamHeaderValue.FromByte),
        Gen.OneOf(Gen.Short, Gen.OneOfConst(short.MinValue, short.MaxValue, (short)0)).Select(EventStreamHeaderValue.FromInt16),
        Gen.OneOf(Gen.Int, Gen.OneOfConst(int.MinValue, int.MaxValue, 0)).Select(EventStreamHeaderValue.FromInt32),
        Gen.OneOf(Gen.Long, Gen.OneOfConst(long.MinValue, long.MaxValue, 0L)).Select(EventStreamHeaderValue.FromInt64),
        Gen.OneOf(Gen.Byte.Array[1, 300], Gen.Byte.Array[ushort.MaxValue]).Select(bytes => EventStreamHeaderValue.FromBytes(bytes)),
        Text.Select(EventStreamHeaderValue.FromString),
        Gen.OneOf(Gen.Long, Gen.OneOfConst(long.MinValue, long.MaxValue, 0L)).Select(EventStreamHeaderValue.FromTimestampMilliseconds),
        Gen.Guid.Select(EventStreamHeaderValue.FromUuid));

    internal static readonly Gen<EventStreamMessage> Message =
        Gen.Select(
            Gen.Select(Text, HeaderValue, (name, value) => new EventStreamHeader(name, value)).Array[0, 12],
            Gen.OneOf(Gen.Byte.Array[0, 64], Gen.Byte.Array[0, 65_536]),
            (headers, payload) => new EventStreamMessage(headers, payload));

    private static readonly Gen<int> ReadSize = Gen.OneOf(Gen.Int[1, 16], Gen.Int[17, 70_000]);

    [Fact]
    public async Task Random_message_survives_write_then_read_at_any_read_size()
    {
        await Gen.Select(Message, ReadSize, Gen.Enum<InputShape>()).SampleAsync(async sample =>
        {
            (EventStreamMessage message, int readSize, InputShape shape) = sample;
            byte[] bytes = MessageFactory.Encode(message);

            EventStreamMessage decoded = Assert.Single(await EventStreamDecoding.DecodeAllAsync(bytes, readSize, shape));

            AssertSameMessage(message, decoded);
        }, iter: 300);
    }

    [Fact]
    public async Task Random_stream_of_messages_survives_write_then_read_at_any_read_size()
    {
        await Gen.Select(Message.Array[1, 6], ReadSize).SampleAsync(async sample =>
        {
            (EventStreamMessage[] messages, int readSize) = sample;
            byte[] bytes = MessageFactory.Encode(messages);

            List<EventStreamMessage> decoded = await EventStreamDecoding.DecodeAllAsync(bytes, readSize, InputShape.StreamReads);

            Assert.Equal(messages.Length, decoded.Count);
            for (int i = 0; i < messages.Length; i++)
            {
                AssertSameMessage(messages[i], decoded[i]);
            }
        }, iter: 100);
    }

    [Fact]
    public void Generated_names_include_non_ascii_and_fit_the_wire_limit()
    {
        Text.Sample(name => Encoding.UTF8.GetByteCount(name) is >= 1 and <= 255, iter: 1000);
        Assert.True(Text.Array[200].Single().Any(name => name.Any(c => c > 127)), "The text generator never produced non-ASCII text.");
    }

    internal static void AssertSameMessage(EventStreamMessage expected, EventStreamMessage actual)
    {
        Assert.Equal(expected.Headers, actual.Headers);
        Assert.True(expected.Payload.Span.SequenceEqual(actual.Payload.Span), $"Payloads differ ({expected.Payload.Length} vs {actual.Payload.Length} bytes).");
    }
}
