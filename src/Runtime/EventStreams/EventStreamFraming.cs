using System.Buffers.Binary;
using System.Globalization;

namespace LambdaStreamGen.EventStreams;

/// <summary>
/// The fixed parts of the message frame (docs/protocol.md §3): the 12-byte prelude and the trailing message CRC.
/// Shared by the reader and the writer so that both agree on every constant.
/// </summary>
internal static class EventStreamFraming
{
    /// <summary>total_length (4) + headers_length (4) + prelude_crc (4).</summary>
    public const int PreludeLength = 12;

    /// <summary>The trailing CRC-32 of the whole message.</summary>
    public const int MessageCrcLength = 4;

    /// <summary>Prelude plus message CRC: the smallest legal message.</summary>
    public const int MinimumMessageLength = PreludeLength + MessageCrcLength;

    /// <summary>The longest header name: its length is a single unsigned byte.</summary>
    public const int MaxHeaderNameLength = byte.MaxValue;

    /// <summary>The longest byte-array or string value: its length is an unsigned 16-bit integer.</summary>
    public const int MaxHeaderValueLength = ushort.MaxValue;

    /// <summary>
    /// Validates a prelude and returns the lengths it declares. Runs before anything is allocated or awaited for the
    /// rest of the message, so that a corrupted length can neither allocate gigabytes nor stall the reader.
    /// </summary>
    /// <param name="prelude">Exactly <see cref="PreludeLength"/> bytes.</param>
    /// <param name="messageOffset">Where the message starts in the input, for the error message.</param>
    /// <param name="maxMessageLength">The largest total length accepted.</param>
    /// <param name="totalLength">The whole message length, prelude and CRC included.</param>
    /// <param name="headersLength">The length of the headers section.</param>
    public static void ReadPrelude(ReadOnlySpan<byte> prelude, long messageOffset, int maxMessageLength, out int totalLength, out int headersLength)
    {
        uint total = BinaryPrimitives.ReadUInt32BigEndian(prelude);
        uint headers = BinaryPrimitives.ReadUInt32BigEndian(prelude.Slice(4));
        uint expectedCrc = BinaryPrimitives.ReadUInt32BigEndian(prelude.Slice(8));
        uint actualCrc = EventStreamCrc.Compute(prelude.Slice(0, 8));
        if (actualCrc != expectedCrc)
        {
            throw new EventStreamFormatException(
                EventStreamFormatError.PreludeChecksumMismatch,
                messageOffset,
                $"the prelude checksum is 0x{expectedCrc:X8} but the prelude bytes hash to 0x{actualCrc:X8}.");
        }

        if (total < MinimumMessageLength)
        {
            throw new EventStreamFormatException(
                EventStreamFormatError.MessageTooShort,
                messageOffset,
                $"the total length is {Format(total)} bytes, below the {MinimumMessageLength}-byte minimum.");
        }

        if (total > (uint)maxMessageLength)
        {
            throw new EventStreamFormatException(
                EventStreamFormatError.MessageTooLarge,
                messageOffset,
                $"the total length is {Format(total)} bytes, above the maximum message size of {Format((uint)maxMessageLength)} bytes.");
        }

        if (headers > total - MinimumMessageLength)
        {
            throw new EventStreamFormatException(
                EventStreamFormatError.HeadersLengthOutOfRange,
                messageOffset,
                $"the headers length is {Format(headers)} bytes but a {Format(total)}-byte message has room for at most {Format(total - MinimumMessageLength)}.");
        }

        totalLength = (int)total;
        headersLength = (int)headers;
    }

    /// <summary>Checks the trailing CRC-32 of a whole message.</summary>
    /// <param name="message">The whole message, prelude to message CRC.</param>
    /// <param name="messageOffset">Where the message starts in the input, for the error message.</param>
    public static void VerifyMessageCrc(ReadOnlySpan<byte> message, long messageOffset)
    {
        int crcStart = message.Length - MessageCrcLength;
        uint expected = BinaryPrimitives.ReadUInt32BigEndian(message.Slice(crcStart));
        uint actual = EventStreamCrc.Compute(message.Slice(0, crcStart));
        if (actual != expected)
        {
            throw new EventStreamFormatException(
                EventStreamFormatError.MessageChecksumMismatch,
                messageOffset,
                $"the message checksum is 0x{expected:X8} but the message bytes hash to 0x{actual:X8}.");
        }
    }

    /// <summary>Writes a prelude (lengths and their CRC) into the first 12 bytes of <paramref name="destination"/>.</summary>
    /// <param name="destination">At least <see cref="PreludeLength"/> bytes.</param>
    /// <param name="totalLength">The whole message length.</param>
    /// <param name="headersLength">The headers section length.</param>
    public static void WritePrelude(Span<byte> destination, int totalLength, int headersLength)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)totalLength);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), (uint)headersLength);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(8), EventStreamCrc.Compute(destination.Slice(0, 8)));
    }

    private static string Format(uint value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
