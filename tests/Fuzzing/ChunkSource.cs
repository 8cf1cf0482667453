namespace LambdaStreamGen.Fuzzing;

/// <summary>
/// Hands fuzz data to a decoder the way <c>ReadChunksAsync</c> does: every chunk lives in one reused buffer, valid
/// only until the next <c>MoveNextAsync</c>. The buffer is poisoned after each chunk, so a decoder that keeps a
/// reference to chunk memory instead of copying it produces wrong output the oracles see.
/// </summary>
internal static class ChunkSource
{
    private const byte Poison = 0xCC;

    public static async IAsyncEnumerable<ReadOnlyMemory<byte>> EnumerateAsync(byte[] data, ChunkPlan plan)
    {
        byte[] scratch = new byte[Math.Max(1, data.Length)];
        int offset = 0;
        foreach (int length in plan.Lengths(data.Length))
        {
            data.AsSpan(offset, length).CopyTo(scratch);
            offset += length;
            yield return scratch.AsMemory(0, length);
            scratch.AsSpan(0, length).Fill(Poison);
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }
}
