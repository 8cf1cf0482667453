using System.Buffers;
using System.Buffers.Binary;
using LambdaStreamGen.EventStreams;
using LambdaStreamGen.Tests.Support;

namespace LambdaStreamGen.Tests.EventStreams;

/// <summary>
/// The codec proven on vectors the repository builds itself (<see cref="RepositoryVectors"/>), so that a clone with
/// nothing beside it tests the codec as fully as the upstream vectors do: every vector decodes to what the JavaScript
/// codec encoded at every read size, re-encodes to the same bytes, and each way of corrupting it fails with the check
/// that must catch it.
/// </summary>
public sealed class RepositoryVectorTests(RepositoryVectors vectors) : IClassFixture<RepositoryVectors>
{
    [Fact]
    public void The_vectors_cover_every_header_type()
    {
        string[] types = ["bool_true", "bool_false", "byte", "int16", "int32", "int64", "byte_array", "string", "timestamp", "uuid"];

        Assert.All(types, type => Assert.Contains(vectors.All, v => v.Headers.Any(h => h.Type == type)));
        Assert.True(vectors.ByName.Count >= 20, $"only {vectors.ByName.Count} vectors were built");
    }

    [Fact]
    public async Task Every_vector_decodes_to_what_the_JavaScript_codec_encoded_at_every_read_size()
    {
        foreach (RepositoryVectors.Vector vector in vectors.All)
        {
            foreach (InputShape shape in Enum.GetValues<InputShape>())
            {
                foreach (int readSize in ReadSizes(vector.Encoded.Length))
                {
                    string context = $"{vector.Name}, {shape}, {readSize}-byte reads";
                    await using EventStreamReader reader = EventStreamDecoding.CreateReader(vector.Encoded, readSize, shape);
                    Assert.True(await reader.MoveNextAsync(), context);
                    EventStreamMessage message = reader.Current.ToMessage();
                    Assert.Equal(0, reader.Current.Offset);
                    Assert.Equal(vector.Encoded.Length, reader.Current.TotalLength);
                    Assert.True(vector.Headers.SequenceEqual(HeaderText.From(message.Headers)), $"{context}: headers differ");
                    Assert.True(vector.Payload.AsSpan().SequenceEqual(message.Payload.Span), $"{context}: payload differs");
                    Assert.False(await reader.MoveNextAsync(), context);
                    Assert.Equal(vector.Encoded.Length, reader.BytesConsumed);
                }
            }
        }
    }

    [Fact]
    public async Task Every_vector_re_encodes_to_the_same_bytes_with_our_writer()
    {
        foreach (RepositoryVectors.Vector vector in vectors.All)
        {
            EventStreamMessage message = Assert.Single(await EventStreamDecoding.DecodeAllAsync(vector.Encoded, vector.Encoded.Length, InputShape.StreamReads));
            var buffer = new ArrayBufferWriter<byte>();
            EventStreamWriter.Write(buffer, message);
            Assert.True(vector.Encoded.AsSpan().SequenceEqual(buffer.WrittenSpan), $"{vector.Name}: our encoding differs from the JavaScript codec's");
        }
    }

    public static TheoryData<string> Corruptions =>
    [
        "prelude checksum bit", "total length bit", "headers length bit", "message checksum bit", "body bit", "last byte cut", "half cut",
        "total length below minimum", "total length above maximum", "headers length past the body", "unknown header type", "empty header name",
    ];

    [Theory]
    [MemberData(nameof(Corruptions))]
    public async Task A_corrupted_vector_fails_with_the_check_that_catches_it(string corruption)
    {
        int checkedVectors = 0;
        foreach (RepositoryVectors.Vector vector in vectors.All)
        {
            if (Corrupt(vector, corruption) is not ({ } bytes, { } expected))
            {
                continue;
            }

            checkedVectors++;
            foreach (InputShape shape in Enum.GetValues<InputShape>())
            {
                foreach (int readSize in ReadSizes(bytes.Length).Take(12))
                {
                    await using EventStreamReader reader = EventStreamDecoding.CreateReader(bytes, readSize, shape);
                    var exception = await Assert.ThrowsAsync<EventStreamFormatException>(async () => await reader.ReadAsync());
                    Assert.True(expected == exception.Reason, $"{vector.Name}, {corruption}, {shape}, {readSize}-byte reads: expected {expected}, got {exception.Reason}: {exception.Message}");
                    Assert.Equal(0, exception.MessageOffset);
                }
            }
        }

        Assert.True(checkedVectors > 0, $"no vector could be corrupted as '{corruption}'");
    }

    // Each corruption, and the check that must catch it. Corruptions past a checksum fix the checksum up, so that
    // the check behind it is the one tested.
    private static (byte[] Bytes, EventStreamFormatError Expected)? Corrupt(RepositoryVectors.Vector vector, string corruption)
    {
        byte[] bytes = (byte[])vector.Encoded.Clone();
        int headersLength = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4));
        switch (corruption)
        {
            case "prelude checksum bit":
                bytes[9] ^= 0x10;
                return (bytes, EventStreamFormatError.PreludeChecksumMismatch);
            case "total length bit":
                bytes[3] ^= 0x01;
                return (bytes, EventStreamFormatError.PreludeChecksumMismatch);
            case "headers length bit":
                bytes[7] ^= 0x02;
                return (bytes, EventStreamFormatError.PreludeChecksumMismatch);
            case "message checksum bit":
                bytes[^1] ^= 0x80;
                return (bytes, EventStreamFormatError.MessageChecksumMismatch);
            case "body bit" when bytes.Length > 16:
                bytes[12 + ((bytes.Length - 16) / 2)] ^= 0x04;
                return (bytes, EventStreamFormatError.MessageChecksumMismatch);
            case "last byte cut":
                return (bytes[..^1], EventStreamFormatError.TruncatedMessage);
            case "half cut":
                return (bytes[..(bytes.Length / 2)], EventStreamFormatError.TruncatedMessage);
            case "total length below minimum":
                BinaryPrimitives.WriteInt32BigEndian(bytes, 15);
                FixPreludeChecksum(bytes);
                return (bytes, EventStreamFormatError.MessageTooShort);
            case "total length above maximum":
                BinaryPrimitives.WriteInt32BigEndian(bytes, EventStreamReaderOptions.DefaultMaxMessageSize + 1);
                FixPreludeChecksum(bytes);
                return (bytes, EventStreamFormatError.MessageTooLarge);
            case "headers length past the body":
                BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), bytes.Length - 15);
                FixPreludeChecksum(bytes);
                return (bytes, EventStreamFormatError.HeadersLengthOutOfRange);
            case "unknown header type" when headersLength > 0:
                bytes[12 + 1 + bytes[12]] = 10;
                FixMessageChecksum(bytes);
                return (bytes, EventStreamFormatError.UnknownHeaderType);
            case "empty header name" when headersLength > 0:
                bytes[12] = 0;
                FixMessageChecksum(bytes);
                return (bytes, EventStreamFormatError.InvalidHeaderName);
            default:
                return null;
        }
    }

    private static void FixPreludeChecksum(byte[] bytes) =>
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(8), EventStreamCrc.Compute(bytes.AsSpan(0, 8)));

    private static void FixMessageChecksum(byte[] bytes) =>
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(bytes.Length - 4), EventStreamCrc.Compute(bytes.AsSpan(0, bytes.Length - 4)));

    // Every read size for small messages; for large ones the sizes that put boundaries in the prelude, the headers,
    // the payload and the checksum, and a whole read.
    internal static IEnumerable<int> ReadSizes(int length) => length <= 400
        ? Enumerable.Range(1, length + 1)
        : new[] { 1, 3, 7, 12, 13, 64, 1000, 4096, length / 2, length - 1, length, length + 1 }.Distinct();
}
