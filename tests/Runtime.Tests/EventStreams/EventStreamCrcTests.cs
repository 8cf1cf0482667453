using System.IO.Hashing;
using CsCheck;
using LambdaStreamGen.EventStreams;

namespace LambdaStreamGen.Tests.EventStreams;

public sealed class EventStreamCrcTests
{
    [Fact]
    public void Matches_System_IO_Hashing_for_every_length_and_content()
    {
        Gen.Byte.Array[0, 300].Sample(data => EventStreamCrc.Compute(data) == Crc32.HashToUInt32(data), iter: 5000);
    }

    [Fact]
    public void Matches_System_IO_Hashing_for_long_inputs_at_any_alignment()
    {
        // Long enough for 512-bit folding where the CPU has it: whole 256-byte blocks, then 16-byte blocks, then a tail
        // of up to 15 bytes, each boundary crossed, starting at any offset into the array.
        Gen<int> lengths = Gen.OneOf(Gen.Int[250, 1100], Gen.Int[1100, 200_000]);
        Gen.Select(lengths, Gen.Int[0, 63], Gen.Int).Sample((length, offset, seed) =>
        {
            byte[] buffer = new byte[offset + length];
            new Random(seed).NextBytes(buffer);
            ReadOnlySpan<byte> data = buffer.AsSpan(offset);
            return EventStreamCrc.Compute(data) == Crc32.HashToUInt32(data);
        }, iter: 3000);
    }

    [Fact]
    public void Smallest_message_prelude_has_the_documented_checksum()
    {
        // docs/protocol.md §3: 00000010 00000000 05c248eb
        Assert.Equal(0x05C248EBu, EventStreamCrc.Compute([0, 0, 0, 0x10, 0, 0, 0, 0]));
    }
}
