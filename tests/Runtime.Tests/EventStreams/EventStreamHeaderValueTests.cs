using System.Buffers;
using LambdaStreamGen.EventStreams;
using LambdaStreamGen.Tests.Support;

namespace LambdaStreamGen.Tests.EventStreams;

public sealed class EventStreamHeaderValueTests
{
    [Fact]
    public void Uuid_is_written_and_read_in_big_endian_order()
    {
        var uuid = Guid.Parse("01020304-0506-0708-090a-0b0c0d0e0f10");
        byte[] bytes = MessageFactory.Encode(new EventStreamMessage([new EventStreamHeader("u", EventStreamHeaderValue.FromUuid(uuid))], Array.Empty<byte>()));

        // prelude (12) + name length (1) + name (1) + type (1), then the 16 value bytes in RFC 9562 order.
        Assert.Equal("0102030405060708090A0B0C0D0E0F10", Convert.ToHexString(bytes, 15, 16));
    }

    [Fact]
    public void Timestamp_keeps_milliseconds_and_drops_finer_precision()
    {
        var instant = new DateTimeOffset(2026, 11, 25, 13, 57, 11, 123, TimeSpan.Zero).AddTicks(4567);

        EventStreamHeaderValue value = EventStreamHeaderValue.FromTimestamp(instant);

        Assert.Equal(new DateTimeOffset(2026, 11, 25, 13, 57, 11, 123, TimeSpan.Zero), value.AsTimestamp());
        Assert.Equal(instant.ToUnixTimeMilliseconds(), value.AsTimestampMilliseconds());
    }

    [Fact]
    public void Timestamp_outside_DateTimeOffset_range_is_still_readable_as_milliseconds()
    {
        EventStreamHeaderValue value = EventStreamHeaderValue.FromTimestampMilliseconds(long.MaxValue);

        Assert.Equal(long.MaxValue, value.AsTimestampMilliseconds());
        var exception = Assert.Throws<InvalidOperationException>(() => value.AsTimestamp());
        Assert.Contains("AsTimestampMilliseconds", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Accessor_for_another_type_throws_and_names_both_types()
    {
        EventStreamHeaderValue value = EventStreamHeaderValue.FromInt32(7);

        var exception = Assert.Throws<InvalidOperationException>(() => value.AsString());

        Assert.Contains("Int32", exception.Message, StringComparison.Ordinal);
        Assert.Contains("string", exception.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => value.AsInt64());
        Assert.Throws<InvalidOperationException>(() => value.AsBoolean());
        Assert.Equal(7, value.AsInt32());
    }

    [Fact]
    public void Values_compare_by_type_and_content()
    {
        Assert.Equal(EventStreamHeaderValue.FromBytes(new byte[] { 1, 2 }), EventStreamHeaderValue.FromBytes(new byte[] { 1, 2 }));
        Assert.Equal(EventStreamHeaderValue.FromBytes(new byte[] { 1, 2 }).GetHashCode(), EventStreamHeaderValue.FromBytes(new byte[] { 1, 2 }).GetHashCode());
        Assert.NotEqual(EventStreamHeaderValue.FromInt32(1), EventStreamHeaderValue.FromInt64(1));
        Assert.NotEqual(EventStreamHeaderValue.FromString("a"), EventStreamHeaderValue.FromString("A"));
        Assert.True(EventStreamHeaderValue.FromBoolean(true) != EventStreamHeaderValue.FromBoolean(false));
    }

    [Fact]
    public async Task Every_type_survives_the_wire_at_its_boundaries()
    {
        EventStreamHeader[] headers =
        [
            new("t", EventStreamHeaderValue.FromBoolean(true)),
            new("f", EventStreamHeaderValue.FromBoolean(false)),
            new("b-", EventStreamHeaderValue.FromByte(sbyte.MinValue)),
            new("b+", EventStreamHeaderValue.FromByte(sbyte.MaxValue)),
            new("s-", EventStreamHeaderValue.FromInt16(short.MinValue)),
            new("s+", EventStreamHeaderValue.FromInt16(short.MaxValue)),
            new("i-", EventStreamHeaderValue.FromInt32(int.MinValue)),
            new("i+", EventStreamHeaderValue.FromInt32(int.MaxValue)),
            new("l-", EventStreamHeaderValue.FromInt64(long.MinValue)),
            new("l+", EventStreamHeaderValue.FromInt64(long.MaxValue)),
            new("bytes", EventStreamHeaderValue.FromBytes(new byte[ushort.MaxValue])),
            new("text", EventStreamHeaderValue.FromString("日本語 ✓ 🙂")),
            new("ts-", EventStreamHeaderValue.FromTimestampMilliseconds(long.MinValue)),
            new("ts+", EventStreamHeaderValue.FromTimestamp(DateTimeOffset.MaxValue)),
            new("uuid", EventStreamHeaderValue.FromUuid(Guid.AllBitsSet)),
        ];
        byte[] bytes = MessageFactory.Encode(new EventStreamMessage(headers, Array.Empty<byte>()));

        EventStreamMessage decoded = Assert.Single(await EventStreamDecoding.DecodeAllAsync(bytes, 5, InputShape.PipeSegments));

        Assert.Equal(headers, decoded.Headers);
        Assert.True(decoded.TryGetHeader("text", out EventStreamHeaderValue text));
        Assert.Equal("日本語 ✓ 🙂", text.AsString());
        Assert.Null(decoded.GetStringHeader("uuid"));
    }
}
