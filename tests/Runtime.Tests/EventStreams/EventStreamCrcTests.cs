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
    public void Smallest_message_prelude_has_the_documented_checksum()
    {
        // protocol.md §3: 00000010 00000000 05c248eb
        Assert.Equal(0x05C248EBu, EventStreamCrc.Compute([0, 0, 0, 0x10, 0, 0, 0, 0]));
    }
}
