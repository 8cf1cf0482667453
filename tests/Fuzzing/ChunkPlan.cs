namespace LambdaStreamGen.Fuzzing;

/// <summary>
/// Splits a fuzz input into the chunks a network would deliver. The first byte chooses the split, so the fuzzer
/// explores chunk boundaries (inside a prelude, a header, a UTF-8 character, a JSON string) as freely as the bytes.
/// </summary>
internal readonly struct ChunkPlan
{
    private readonly int _maxChunk;
    private readonly uint _seed;

    private ChunkPlan(int maxChunk, uint seed, bool variant)
    {
        _maxChunk = maxChunk;
        _seed = seed;
        Variant = variant;
    }

    /// <summary>The control byte's top bit: targets with two modes (typed or free-form JSON) pick one with it.</summary>
    public bool Variant { get; }

    /// <summary>Reads the plan from the first byte and returns the rest of the input as the data to split.</summary>
    public static ChunkPlan Read(ReadOnlySpan<byte> input, out ReadOnlySpan<byte> data)
    {
        if (input.IsEmpty)
        {
            data = input;
            return new ChunkPlan(int.MaxValue, 1, variant: false);
        }

        byte control = input[0];
        data = input[1..];

        // Low four bits: the largest chunk, 1 byte to 16 KiB, or the whole input at once; high four: the sequence.
        int bits = control & 0x0F;
        int maxChunk = bits == 0x0F ? int.MaxValue : 1 << bits;
        return new ChunkPlan(maxChunk, (uint)(control >> 4) + 1, (control & 0x80) != 0);
    }

    /// <summary>The chunk lengths, in order, covering <paramref name="length"/> bytes.</summary>
    public IEnumerable<int> Lengths(int length)
    {
        uint state = _seed * 2654435761u;
        int offset = 0;
        while (offset < length)
        {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            int size = _maxChunk == int.MaxValue ? length - offset : 1 + (int)(state % (uint)_maxChunk);
            size = Math.Min(size, length - offset);
            yield return size;
            offset += size;
        }
    }
}
