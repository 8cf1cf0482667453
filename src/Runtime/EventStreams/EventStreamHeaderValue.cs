using System.Globalization;

namespace LambdaStreamGen.EventStreams;

/// <summary>
/// A typed event-stream header value: one of the ten wire types of <see cref="EventStreamHeaderType"/>.
/// Create one with the <c>From…</c> factories; read it with the <c>As…</c> accessor that matches <see cref="Type"/>.
/// </summary>
/// <remarks>Values compare by type and content (byte arrays by their bytes).</remarks>
public readonly struct EventStreamHeaderValue : IEquatable<EventStreamHeaderValue>
{
    // One field per kind of storage rather than boxing: headers are read on the hot path of every message.
    private readonly long _number;
    private readonly Guid _uuid;
    private readonly string? _string;
    private readonly ReadOnlyMemory<byte> _bytes;

    private EventStreamHeaderValue(EventStreamHeaderType type, long number = 0, Guid uuid = default, string? text = null, ReadOnlyMemory<byte> bytes = default)
    {
        Type = type;
        _number = number;
        _uuid = uuid;
        _string = text;
        _bytes = bytes;
    }

    /// <summary>The wire type of the value.</summary>
    public EventStreamHeaderType Type { get; }

    /// <summary>Creates a boolean value (wire type 0 or 1).</summary>
    /// <param name="value">The value.</param>
    /// <returns>The header value.</returns>
    public static EventStreamHeaderValue FromBoolean(bool value) => new(value ? EventStreamHeaderType.BoolTrue : EventStreamHeaderType.BoolFalse);

    /// <summary>Creates a signed 8-bit value (wire type 2).</summary>
    /// <param name="value">The value.</param>
    /// <returns>The header value.</returns>
    public static EventStreamHeaderValue FromByte(sbyte value) => new(EventStreamHeaderType.Byte, value);

    /// <summary>Creates a signed 16-bit value (wire type 3).</summary>
    /// <param name="value">The value.</param>
    /// <returns>The header value.</returns>
    public static EventStreamHeaderValue FromInt16(short value) => new(EventStreamHeaderType.Int16, value);

    /// <summary>Creates a signed 32-bit value (wire type 4).</summary>
    /// <param name="value">The value.</param>
    /// <returns>The header value.</returns>
    public static EventStreamHeaderValue FromInt32(int value) => new(EventStreamHeaderType.Int32, value);

    /// <summary>Creates a signed 64-bit value (wire type 5).</summary>
    /// <param name="value">The value.</param>
    /// <returns>The header value.</returns>
    public static EventStreamHeaderValue FromInt64(long value) => new(EventStreamHeaderType.Int64, value);

    /// <summary>Creates a byte-array value (wire type 6). The memory is referenced, not copied.</summary>
    /// <param name="value">The bytes; at most 65,535 of them can be written.</param>
    /// <returns>The header value.</returns>
    public static EventStreamHeaderValue FromBytes(ReadOnlyMemory<byte> value) => new(EventStreamHeaderType.ByteArray, bytes: value);

    /// <summary>Creates a string value (wire type 7), written as UTF-8.</summary>
    /// <param name="value">The text; at most 65,535 UTF-8 bytes can be written.</param>
    /// <returns>The header value.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    public static EventStreamHeaderValue FromString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(EventStreamHeaderType.String, text: value);
    }

    /// <summary>Creates a timestamp value (wire type 8) with millisecond precision; finer precision is dropped.</summary>
    /// <param name="value">The instant.</param>
    /// <returns>The header value.</returns>
    public static EventStreamHeaderValue FromTimestamp(DateTimeOffset value) => new(EventStreamHeaderType.Timestamp, value.ToUnixTimeMilliseconds());

    /// <summary>Creates a timestamp value (wire type 8) from milliseconds since the Unix epoch.</summary>
    /// <param name="unixTimeMilliseconds">Milliseconds since 1970-01-01T00:00:00Z; any 64-bit value is valid on the wire.</param>
    /// <returns>The header value.</returns>
    public static EventStreamHeaderValue FromTimestampMilliseconds(long unixTimeMilliseconds) => new(EventStreamHeaderType.Timestamp, unixTimeMilliseconds);

    /// <summary>Creates a UUID value (wire type 9), written in big-endian (RFC 9562) byte order.</summary>
    /// <param name="value">The UUID.</param>
    /// <returns>The header value.</returns>
    public static EventStreamHeaderValue FromUuid(Guid value) => new(EventStreamHeaderType.Uuid, uuid: value);

    /// <summary>Reads a boolean value.</summary>
    /// <returns>The value.</returns>
    /// <exception cref="InvalidOperationException">The value is not a boolean.</exception>
    public bool AsBoolean() => Type switch
    {
        EventStreamHeaderType.BoolTrue => true,
        EventStreamHeaderType.BoolFalse => false,
        _ => throw WrongType("a boolean"),
    };

    /// <summary>Reads a signed 8-bit value (the wire type is signed).</summary>
    /// <returns>The value.</returns>
    /// <exception cref="InvalidOperationException">The value is not of type <see cref="EventStreamHeaderType.Byte"/>.</exception>
    public sbyte AsByte() => Type == EventStreamHeaderType.Byte ? (sbyte)_number : throw WrongType("a byte");

    /// <summary>Reads a signed 16-bit value.</summary>
    /// <returns>The value.</returns>
    /// <exception cref="InvalidOperationException">The value is not of type <see cref="EventStreamHeaderType.Int16"/>.</exception>
    public short AsInt16() => Type == EventStreamHeaderType.Int16 ? (short)_number : throw WrongType("a 16-bit integer");

    /// <summary>Reads a signed 32-bit value.</summary>
    /// <returns>The value.</returns>
    /// <exception cref="InvalidOperationException">The value is not of type <see cref="EventStreamHeaderType.Int32"/>.</exception>
    public int AsInt32() => Type == EventStreamHeaderType.Int32 ? (int)_number : throw WrongType("a 32-bit integer");

    /// <summary>Reads a signed 64-bit value.</summary>
    /// <returns>The value.</returns>
    /// <exception cref="InvalidOperationException">The value is not of type <see cref="EventStreamHeaderType.Int64"/>.</exception>
    public long AsInt64() => Type == EventStreamHeaderType.Int64 ? _number : throw WrongType("a 64-bit integer");

    /// <summary>Reads a byte-array value.</summary>
    /// <returns>The bytes.</returns>
    /// <exception cref="InvalidOperationException">The value is not of type <see cref="EventStreamHeaderType.ByteArray"/>.</exception>
    public ReadOnlyMemory<byte> AsBytes() => Type == EventStreamHeaderType.ByteArray ? _bytes : throw WrongType("a byte array");

    /// <summary>Reads a string value.</summary>
    /// <returns>The text.</returns>
    /// <exception cref="InvalidOperationException">The value is not of type <see cref="EventStreamHeaderType.String"/>.</exception>
    public string AsString() => Type == EventStreamHeaderType.String ? _string! : throw WrongType("a string");

    /// <summary>Reads a timestamp value as milliseconds since the Unix epoch, the exact wire value.</summary>
    /// <returns>The milliseconds.</returns>
    /// <exception cref="InvalidOperationException">The value is not of type <see cref="EventStreamHeaderType.Timestamp"/>.</exception>
    public long AsTimestampMilliseconds() => Type == EventStreamHeaderType.Timestamp ? _number : throw WrongType("a timestamp");

    /// <summary>Reads a timestamp value as a <see cref="DateTimeOffset"/> in UTC, with millisecond precision.</summary>
    /// <returns>The instant.</returns>
    /// <exception cref="InvalidOperationException">
    /// The value is not a timestamp, or it lies outside the range a <see cref="DateTimeOffset"/> can hold (years 1–9999);
    /// <see cref="AsTimestampMilliseconds"/> returns such values exactly.
    /// </exception>
    public DateTimeOffset AsTimestamp()
    {
        long milliseconds = AsTimestampMilliseconds();
        if (milliseconds < MinUnixMilliseconds || milliseconds > MaxUnixMilliseconds)
        {
            throw new InvalidOperationException(
                $"The timestamp {milliseconds.ToString(CultureInfo.InvariantCulture)} ms since the Unix epoch is outside the range of DateTimeOffset; use AsTimestampMilliseconds().");
        }

        return DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
    }

    /// <summary>Reads a UUID value (decoded from big-endian wire order).</summary>
    /// <returns>The UUID.</returns>
    /// <exception cref="InvalidOperationException">The value is not of type <see cref="EventStreamHeaderType.Uuid"/>.</exception>
    public Guid AsUuid() => Type == EventStreamHeaderType.Uuid ? _uuid : throw WrongType("a UUID");

    /// <inheritdoc/>
    public bool Equals(EventStreamHeaderValue other)
    {
        if (Type != other.Type)
        {
            return false;
        }

        return Type switch
        {
            EventStreamHeaderType.ByteArray => _bytes.Span.SequenceEqual(other._bytes.Span),
            EventStreamHeaderType.String => string.Equals(_string, other._string, StringComparison.Ordinal),
            EventStreamHeaderType.Uuid => _uuid == other._uuid,
            _ => _number == other._number,
        };
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is EventStreamHeaderValue other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Type);
        switch (Type)
        {
            case EventStreamHeaderType.ByteArray:
                hash.AddBytes(_bytes.Span);
                break;
            case EventStreamHeaderType.String:
                hash.Add(_string, StringComparer.Ordinal);
                break;
            case EventStreamHeaderType.Uuid:
                hash.Add(_uuid);
                break;
            default:
                hash.Add(_number);
                break;
        }

        return hash.ToHashCode();
    }

    /// <summary>Describes the value for diagnostics, for example <c>String "application/json"</c>.</summary>
    /// <returns>The type and a readable form of the value.</returns>
    public override string ToString() => Type switch
    {
        EventStreamHeaderType.BoolTrue => "Boolean true",
        EventStreamHeaderType.BoolFalse => "Boolean false",
        EventStreamHeaderType.ByteArray => $"ByteArray[{_bytes.Length.ToString(CultureInfo.InvariantCulture)}]",
        EventStreamHeaderType.String => $"String \"{_string}\"",
        EventStreamHeaderType.Uuid => $"Uuid {_uuid.ToString("D", CultureInfo.InvariantCulture)}",
        _ => $"{Type} {_number.ToString(CultureInfo.InvariantCulture)}",
    };

    /// <summary>Compares two values by type and content.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when they are equal.</returns>
    public static bool operator ==(EventStreamHeaderValue left, EventStreamHeaderValue right) => left.Equals(right);

    /// <summary>Compares two values by type and content.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when they differ.</returns>
    public static bool operator !=(EventStreamHeaderValue left, EventStreamHeaderValue right) => !left.Equals(right);

    internal long RawNumber => _number;

    internal string? RawString => _string;

    internal Guid RawUuid => _uuid;

    internal ReadOnlyMemory<byte> RawBytes => _bytes;

    private static readonly long MinUnixMilliseconds = DateTimeOffset.MinValue.ToUnixTimeMilliseconds();
    private static readonly long MaxUnixMilliseconds = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    private InvalidOperationException WrongType(string wanted) =>
        new($"The header value is {Type}, not {wanted}.");
}
