using System.Buffers.Binary;
using System.Text;

namespace LambdaStreamGen.EventStreams;

/// <summary>
/// One header of an <see cref="EventStreamMessageView"/>, read in place from the reader's buffer without allocating.
/// Valid only until the reader moves to the next message.
/// </summary>
public readonly ref struct EventStreamHeaderView
{
    internal EventStreamHeaderView(ReadOnlySpan<byte> nameUtf8, EventStreamHeaderType type, ReadOnlySpan<byte> valueBytes)
    {
        NameUtf8 = nameUtf8;
        Type = type;
        ValueBytes = valueBytes;
    }

    /// <summary>The header name as UTF-8 bytes.</summary>
    public ReadOnlySpan<byte> NameUtf8 { get; }

    /// <summary>The wire type of the value.</summary>
    public EventStreamHeaderType Type { get; }

    /// <summary>
    /// The value bytes as on the wire: big-endian for numbers and timestamps, the 16 raw bytes of a UUID, and for
    /// byte arrays and strings the content without its length prefix (UTF-8 for strings).
    /// </summary>
    public ReadOnlySpan<byte> ValueBytes { get; }

    /// <summary>Whether the name equals <paramref name="nameUtf8"/>, byte for byte.</summary>
    /// <param name="nameUtf8">A UTF-8 name such as <c>":event-type"u8</c>.</param>
    /// <returns><see langword="true"/> when the names match.</returns>
    public bool NameEquals(ReadOnlySpan<byte> nameUtf8) => NameUtf8.SequenceEqual(nameUtf8);

    /// <summary>Decodes the name (allocates a string).</summary>
    /// <returns>The name.</returns>
    public string GetName() => Encoding.UTF8.GetString(NameUtf8);

    /// <summary>Decodes the value into an <see cref="EventStreamHeaderValue"/>, copying byte arrays and strings out of the buffer.</summary>
    /// <returns>The value, independent of the reader's buffer.</returns>
    public EventStreamHeaderValue ToValue()
    {
        ReadOnlySpan<byte> value = ValueBytes;
        return Type switch
        {
            EventStreamHeaderType.BoolTrue => EventStreamHeaderValue.FromBoolean(true),
            EventStreamHeaderType.BoolFalse => EventStreamHeaderValue.FromBoolean(false),
            EventStreamHeaderType.Byte => EventStreamHeaderValue.FromByte((sbyte)value[0]),
            EventStreamHeaderType.Int16 => EventStreamHeaderValue.FromInt16(BinaryPrimitives.ReadInt16BigEndian(value)),
            EventStreamHeaderType.Int32 => EventStreamHeaderValue.FromInt32(BinaryPrimitives.ReadInt32BigEndian(value)),
            EventStreamHeaderType.Int64 => EventStreamHeaderValue.FromInt64(BinaryPrimitives.ReadInt64BigEndian(value)),
            EventStreamHeaderType.ByteArray => EventStreamHeaderValue.FromBytes(value.ToArray()),
            EventStreamHeaderType.String => EventStreamHeaderValue.FromString(Encoding.UTF8.GetString(value)),
            EventStreamHeaderType.Timestamp => EventStreamHeaderValue.FromTimestampMilliseconds(BinaryPrimitives.ReadInt64BigEndian(value)),
            _ => EventStreamHeaderValue.FromUuid(new Guid(value, bigEndian: true)),
        };
    }

    /// <summary>Copies the header out of the reader's buffer.</summary>
    /// <returns>A header independent of the reader.</returns>
    public EventStreamHeader ToHeader() => new(GetName(), ToValue());
}
