using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;

namespace LambdaStreamGen.LoadTest;

/// <summary>
/// What one stream carries: <see cref="Length"/> pseudo-random bytes from <see cref="Seed"/>, flushed in chunks. Both
/// sides generate the bytes from the spec, so the client checks every stream's SHA-256 without the server sending it.
/// </summary>
internal readonly record struct StreamSpec(int Seed, long Length, int ChunkSize)
{
    public string ToPayload() => string.Create(CultureInfo.InvariantCulture, $"{Seed} {Length} {ChunkSize}");

    public static StreamSpec Parse(string payload)
    {
        string[] parts = payload.Split(' ');
        return new StreamSpec(
            int.Parse(parts[0], CultureInfo.InvariantCulture),
            long.Parse(parts[1], CultureInfo.InvariantCulture),
            int.Parse(parts[2], CultureInfo.InvariantCulture));
    }

    /// <summary>Fills <paramref name="block"/> with the bytes at <paramref name="offset"/> (a multiple of 8).</summary>
    public void Fill(Span<byte> block, long offset)
    {
        ulong state = ((ulong)(uint)Seed << 32) ^ (ulong)(offset / 8) ^ 0x9E3779B97F4A7C15UL;
        Span<byte> word = stackalloc byte[8];
        for (int i = 0; i < block.Length; i += 8)
        {
            // splitmix64, seeded by stream and offset: server and client fill the same blocks at the same offsets.
            ulong z = state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            BinaryPrimitives.WriteUInt64LittleEndian(word, z);
            word[..Math.Min(8, block.Length - i)].CopyTo(block[i..]);
        }
    }

    public byte[] ExpectedSha256()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        byte[] block = new byte[ChunkSize];
        for (long offset = 0; offset < Length; offset += ChunkSize)
        {
            int size = (int)Math.Min(ChunkSize, Length - offset);
            Fill(block.AsSpan(0, size), offset);
            hash.AppendData(block, 0, size);
        }

        return hash.GetHashAndReset();
    }
}
