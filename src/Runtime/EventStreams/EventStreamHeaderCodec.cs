using System.Buffers.Binary;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Unicode;

namespace LambdaStreamGen.EventStreams;

/// <summary>Reads and writes the headers section of a message (docs/protocol.md §3, "Header").</summary>
internal static class EventStreamHeaderCodec
{
    // Strict: a lone surrogate in a string to encode is an ArgumentException, never a silent U+FFFD.
    internal static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Reads the header that starts at <paramref name="position"/>, checking that every part lies inside the headers
    /// section, and returns where the next header starts.
    /// </summary>
    /// <param name="headers">The whole headers section.</param>
    /// <param name="position">Where this header starts.</param>
    /// <param name="messageOffset">Where the message starts in the input, for error messages.</param>
    /// <param name="validateUtf8">Whether to check that the name and string values are UTF-8 (skipped on a second walk).</param>
    /// <param name="header">The parts of the header.</param>
    /// <returns>The position of the next header.</returns>
    public static int ReadHeader(ReadOnlySpan<byte> headers, int position, long messageOffset, bool validateUtf8, out EventStreamHeaderView header)
    {
        int nameLength = headers[position];
        position++;
        if (nameLength == 0)
        {
            throw Error(EventStreamFormatError.InvalidHeaderName, messageOffset, position - 1, "a header name has length 0; names are 1 to 255 bytes.");
        }

        // The name plus the type byte must fit.
        if (nameLength + 1 > headers.Length - position)
        {
            throw Error(EventStreamFormatError.InvalidHeaderName, messageOffset, position - 1, $"a header name of {nameLength} bytes runs past the end of the {headers.Length}-byte headers section.");
        }

        ReadOnlySpan<byte> name = headers.Slice(position, nameLength);
        if (validateUtf8 && !IsValidUtf8(name))
        {
            throw Error(EventStreamFormatError.InvalidUtf8, messageOffset, position, "a header name is not valid UTF-8.");
        }

        position += nameLength;
        byte typeByte = headers[position];
        position++;
        int valueLength;
        int valueStart = position;
        switch (typeByte)
        {
            case (byte)EventStreamHeaderType.BoolTrue:
            case (byte)EventStreamHeaderType.BoolFalse:
                valueLength = 0;
                break;
            case (byte)EventStreamHeaderType.Byte:
                valueLength = 1;
                break;
            case (byte)EventStreamHeaderType.Int16:
                valueLength = 2;
                break;
            case (byte)EventStreamHeaderType.Int32:
                valueLength = 4;
                break;
            case (byte)EventStreamHeaderType.Int64:
            case (byte)EventStreamHeaderType.Timestamp:
                valueLength = 8;
                break;
            case (byte)EventStreamHeaderType.Uuid:
                valueLength = 16;
                break;
            case (byte)EventStreamHeaderType.ByteArray:
            case (byte)EventStreamHeaderType.String:
                if (headers.Length - position < 2)
                {
                    throw Error(EventStreamFormatError.HeaderValueOutOfRange, messageOffset, position, $"the length prefix of header '{Describe(name)}' runs past the end of the headers section.");
                }

                valueLength = BinaryPrimitives.ReadUInt16BigEndian(headers.Slice(position));
                valueStart = position + 2;
                break;
            default:
                throw Error(EventStreamFormatError.UnknownHeaderType, messageOffset, position - 1, $"header '{Describe(name)}' has type byte {typeByte}; the defined types are 0 to 9.");
        }

        if (valueLength > headers.Length - valueStart)
        {
            throw Error(EventStreamFormatError.HeaderValueOutOfRange, messageOffset, valueStart, $"the {valueLength}-byte value of header '{Describe(name)}' runs past the end of the {headers.Length}-byte headers section.");
        }

        ReadOnlySpan<byte> value = headers.Slice(valueStart, valueLength);
        if (validateUtf8 && typeByte == (byte)EventStreamHeaderType.String && !IsValidUtf8(value))
        {
            throw Error(EventStreamFormatError.InvalidUtf8, messageOffset, valueStart, $"the string value of header '{Describe(name)}' is not valid UTF-8.");
        }

        header = new EventStreamHeaderView(name, (EventStreamHeaderType)typeByte, value);
        return valueStart + valueLength;
    }

    /// <summary>Checks a whole headers section, header by header.</summary>
    /// <param name="headers">The headers section.</param>
    /// <param name="messageOffset">Where the message starts in the input, for error messages.</param>
    /// <remarks>
    /// This runs once per message on the reader's hot path, so well-formed headers take a lean loop; the first sign
    /// of trouble hands over to <see cref="ReadHeader"/>, which finds and describes the defect.
    /// </remarks>
    public static void Validate(ReadOnlySpan<byte> headers, long messageOffset)
    {
        // Typical headers (names, type bytes, short lengths, ASCII values) are all below 0x80. One vectorized pass
        // proves every name and string in them is valid UTF-8, so the per-field checks are needed only otherwise.
        bool checkUtf8 = !Ascii.IsValid(headers);
        int position = 0;
        while (position < headers.Length)
        {
            int start = position;
            int nameLength = headers[position];
            int typePosition = position + 1 + nameLength;
            if (nameLength == 0 || typePosition >= headers.Length || (checkUtf8 && !IsValidUtf8(headers.Slice(position + 1, nameLength))))
            {
                ThrowDefect(headers, start, messageOffset);
            }

            int valueStart = typePosition + 1;
            int valueLength = headers[typePosition] switch
            {
                (byte)EventStreamHeaderType.BoolTrue or (byte)EventStreamHeaderType.BoolFalse => 0,
                (byte)EventStreamHeaderType.Byte => 1,
                (byte)EventStreamHeaderType.Int16 => 2,
                (byte)EventStreamHeaderType.Int32 => 4,
                (byte)EventStreamHeaderType.Int64 or (byte)EventStreamHeaderType.Timestamp => 8,
                (byte)EventStreamHeaderType.Uuid => 16,
                (byte)EventStreamHeaderType.ByteArray or (byte)EventStreamHeaderType.String when headers.Length - valueStart >= 2 =>
                    2 + BinaryPrimitives.ReadUInt16BigEndian(headers.Slice(valueStart)),
                _ => -1,
            };

            bool valid = valueLength >= 0 && valueLength <= headers.Length - valueStart
                && (!checkUtf8 || headers[typePosition] != (byte)EventStreamHeaderType.String || IsValidUtf8(headers.Slice(valueStart + 2, valueLength - 2)));
            if (!valid)
            {
                ThrowDefect(headers, start, messageOffset);
            }

            position = valueStart + valueLength;
        }
    }

    [DoesNotReturn]
    private static void ThrowDefect(ReadOnlySpan<byte> headers, int headerStart, long messageOffset)
    {
        ReadHeader(headers, headerStart, messageOffset, validateUtf8: true, out _);
        throw new UnreachableException("The fast header check found a defect the strict reader accepts.");
    }

    /// <summary>The number of bytes <paramref name="headers"/> take on the wire; throws for any header that cannot be written.</summary>
    /// <param name="headers">The headers to write.</param>
    /// <returns>The length of the headers section.</returns>
    /// <exception cref="ArgumentException">A name is empty or over 255 UTF-8 bytes, or a value is empty, over 65,535 bytes, or not valid UTF-16.</exception>
    public static int GetEncodedLength(IReadOnlyList<EventStreamHeader> headers)
    {
        long length = 0;
        for (int i = 0; i < headers.Count; i++)
        {
            EventStreamHeader header = headers[i];
            length += 2 + GetNameLength(header.Name) + GetValueLength(header.Name, header.Value);
        }

        if (length > int.MaxValue)
        {
            throw new ArgumentException("The headers are too large to encode.", nameof(headers));
        }

        return (int)length;
    }

    /// <summary>Writes headers already measured by <see cref="GetEncodedLength"/>.</summary>
    /// <param name="destination">Exactly the measured length.</param>
    /// <param name="headers">The headers.</param>
    public static void Write(Span<byte> destination, IReadOnlyList<EventStreamHeader> headers)
    {
        int position = 0;
        for (int i = 0; i < headers.Count; i++)
        {
            EventStreamHeader header = headers[i];
            int nameLength = StrictUtf8.GetBytes(header.Name, destination.Slice(position + 1));
            destination[position] = (byte)nameLength;
            position += 1 + nameLength;
            EventStreamHeaderValue value = header.Value;
            destination[position++] = (byte)value.Type;
            Span<byte> rest = destination.Slice(position);
            switch (value.Type)
            {
                case EventStreamHeaderType.BoolTrue:
                case EventStreamHeaderType.BoolFalse:
                    break;
                case EventStreamHeaderType.Byte:
                    rest[0] = (byte)(sbyte)value.RawNumber;
                    position += 1;
                    break;
                case EventStreamHeaderType.Int16:
                    BinaryPrimitives.WriteInt16BigEndian(rest, (short)value.RawNumber);
                    position += 2;
                    break;
                case EventStreamHeaderType.Int32:
                    BinaryPrimitives.WriteInt32BigEndian(rest, (int)value.RawNumber);
                    position += 4;
                    break;
                case EventStreamHeaderType.Int64:
                case EventStreamHeaderType.Timestamp:
                    BinaryPrimitives.WriteInt64BigEndian(rest, value.RawNumber);
                    position += 8;
                    break;
                case EventStreamHeaderType.Uuid:
                    value.RawUuid.TryWriteBytes(rest, bigEndian: true, out _);
                    position += 16;
                    break;
                case EventStreamHeaderType.ByteArray:
                    ReadOnlySpan<byte> bytes = value.RawBytes.Span;
                    BinaryPrimitives.WriteUInt16BigEndian(rest, (ushort)bytes.Length);
                    bytes.CopyTo(rest.Slice(2));
                    position += 2 + bytes.Length;
                    break;
                case EventStreamHeaderType.String:
                    int written = StrictUtf8.GetBytes(value.RawString!, rest.Slice(2));
                    BinaryPrimitives.WriteUInt16BigEndian(rest, (ushort)written);
                    position += 2 + written;
                    break;
            }
        }
    }

    private static int GetNameLength(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new ArgumentException("A header name must not be empty.", nameof(name));
        }

        int length = GetStrictByteCount(name, "header name");
        if (length > MaxNameLength)
        {
            throw new ArgumentException($"Header name '{name}' is {length} UTF-8 bytes; names are at most {MaxNameLength}.", nameof(name));
        }

        return length;
    }

    private static int GetValueLength(string name, EventStreamHeaderValue value)
    {
        switch (value.Type)
        {
            case EventStreamHeaderType.BoolTrue:
            case EventStreamHeaderType.BoolFalse:
                return 0;
            case EventStreamHeaderType.Byte:
                return 1;
            case EventStreamHeaderType.Int16:
                return 2;
            case EventStreamHeaderType.Int32:
                return 4;
            case EventStreamHeaderType.Int64:
            case EventStreamHeaderType.Timestamp:
                return 8;
            case EventStreamHeaderType.Uuid:
                return 16;
            case EventStreamHeaderType.ByteArray:
                return 2 + CheckVariableLength(name, value.RawBytes.Length);
            case EventStreamHeaderType.String:
                return 2 + CheckVariableLength(name, GetStrictByteCount(value.RawString!, $"value of header '{name}'"));
            default:
                throw new ArgumentException($"Header '{name}' has undefined type {(int)value.Type}.", nameof(value));
        }
    }

    // Zero-length values are legal for some decoders and illegal for others (docs/protocol.md §3), so we never emit them.
    private static int CheckVariableLength(string name, int length)
    {
        if (length == 0)
        {
            throw new ArgumentException($"Header '{name}' has an empty value; some decoders reject empty byte-array and string values, so they are never written.", nameof(name));
        }

        if (length > EventStreamFraming.MaxHeaderValueLength)
        {
            throw new ArgumentException($"Header '{name}' has a {length}-byte value; values are at most {EventStreamFraming.MaxHeaderValueLength} bytes.", nameof(name));
        }

        return length;
    }

    private static int GetStrictByteCount(string text, string what)
    {
        try
        {
            return StrictUtf8.GetByteCount(text);
        }
        catch (EncoderFallbackException exception)
        {
            throw new ArgumentException($"The {what} is not valid UTF-16 (it contains a lone surrogate), so it has no UTF-8 form.", exception);
        }
    }

    // Header names and the usual values (":event-type", "PayloadChunk") are short ASCII. OR-ing eight bytes at a time
    // settles those in a few instructions; the general validator's setup cost was a third of the decode time of a
    // 64-byte message (see docs/benchmarks.md). Anything else goes to the general validator.
    private static bool IsValidUtf8(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > ShortTextLength)
        {
            return Utf8.IsValid(bytes);
        }

        ref byte start = ref MemoryMarshal.GetReference(bytes);
        ulong seen = 0;
        int i = 0;
        for (; i + sizeof(ulong) <= bytes.Length; i += sizeof(ulong))
        {
            seen |= Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, i));
        }

        for (; i < bytes.Length; i++)
        {
            seen |= Unsafe.Add(ref start, i);
        }

        return (seen & 0x8080_8080_8080_8080UL) == 0 || Utf8.IsValid(bytes);
    }

    private const int ShortTextLength = 64;

    private const int MaxNameLength = EventStreamFraming.MaxHeaderNameLength;

    private static EventStreamFormatException Error(EventStreamFormatError reason, long messageOffset, int headerPosition, string detail) =>
        new(reason, messageOffset, $"{detail} (headers section byte {headerPosition.ToString(CultureInfo.InvariantCulture)})");

    // For error messages only: a best-effort readable name that never throws on bad bytes.
    private static string Describe(ReadOnlySpan<byte> name) => Encoding.UTF8.GetString(name);
}
