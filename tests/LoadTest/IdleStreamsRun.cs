using System.Security.Cryptography;

namespace LambdaStreamGen.LoadTest;

/// <summary>
/// The client-side cost of an open stream that is waiting for its next chunk: N streams each read their first chunk
/// and then wait in <c>MoveNextAsync</c>, the state of a caller iterating a slow function. Measured as the growth of
/// this process's working set and live managed heap, divided by N.
/// </summary>
internal static class IdleStreamsRun
{
    private const long BarBytesPerStream = 64 * 1024;

    public static async Task<int> RunAsync(int streams)
    {
        await using EmulatorChild emulator = await EmulatorChild.StartAsync();
        using var client = new LambdaStreamingClient(emulator.CreateClientOptions());

        // Warm up: code, pools and the first connections exist before the baseline is taken.
        await OpenAndCloseAsync(client, 32);
        MemoryReading before = MemoryReading.Take();

        using var stop = new CancellationTokenSource();
        var open = new List<(LambdaResponseStream Response, IAsyncEnumerator<ReadOnlyMemory<byte>> Chunks, Task<bool> PendingRead)>();
        for (int i = 0; i < streams; i++)
        {
            LambdaResponseStream response = await client.InvokeAsync(new LambdaStreamingRequest("idle"));
            IAsyncEnumerator<ReadOnlyMemory<byte>> chunks = response.ReadChunksAsync(stop.Token).GetAsyncEnumerator();
            if (!await chunks.MoveNextAsync())
            {
                throw new InvalidOperationException("The idle function sent nothing.");
            }

            open.Add((response, chunks, chunks.MoveNextAsync().AsTask()));
        }

        await Task.Delay(TimeSpan.FromSeconds(2));
        int stillWaiting = open.Count(s => !s.PendingRead.IsCompleted);
        MemoryReading after = MemoryReading.Take();

        await stop.CancelAsync();
        int cancelled = 0;
        foreach (var stream in open)
        {
            try
            {
                await stream.PendingRead;
            }
            catch (OperationCanceledException)
            {
                cancelled++;
            }

            await stream.Chunks.DisposeAsync();
            await stream.Response.DisposeAsync();
        }

        bool reusable = await VerifyOneStreamAsync(client);
        long workingSetPerStream = (after.WorkingSet - before.WorkingSet) / streams;
        long heapPerStream = (after.ManagedHeap - before.ManagedHeap) / streams;
        Console.WriteLine($"idle open streams: {streams} ({stillWaiting} waiting in MoveNextAsync when measured; {cancelled} ended by cancellation)");
        Console.WriteLine($"working set: {MemoryReading.Mebibytes(before.WorkingSet)} → {MemoryReading.Mebibytes(after.WorkingSet)}: {workingSetPerStream:N0} bytes per stream");
        Console.WriteLine($"managed heap: {MemoryReading.Mebibytes(before.ManagedHeap)} → {MemoryReading.Mebibytes(after.ManagedHeap)}: {heapPerStream:N0} bytes per stream");
        Console.WriteLine($"bar: under {BarBytesPerStream:N0} bytes per stream: {(Math.Max(workingSetPerStream, heapPerStream) < BarBytesPerStream ? "met" : "MISSED")}");
        Console.WriteLine($"client reusable afterwards: {reusable}");
        return stillWaiting == streams && cancelled == streams && reusable && Math.Max(workingSetPerStream, heapPerStream) < BarBytesPerStream ? 0 : 1;
    }

    private static async Task OpenAndCloseAsync(LambdaStreamingClient client, int count)
    {
        for (int i = 0; i < count; i++)
        {
            await using LambdaResponseStream response = await client.InvokeAsync(new LambdaStreamingRequest("idle"));
            await using IAsyncEnumerator<ReadOnlyMemory<byte>> chunks = response.ReadChunksAsync().GetAsyncEnumerator();
            await chunks.MoveNextAsync();
        }
    }

    private static async Task<bool> VerifyOneStreamAsync(LambdaStreamingClient client)
    {
        var spec = new StreamSpec(7, 1024 * 1024, 16 * 1024);
        await using LambdaResponseStream response = await client.InvokeAsync(new LambdaStreamingRequest("spec").WithTextPayload(spec.ToPayload()));
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await foreach (ReadOnlyMemory<byte> chunk in response.ReadChunksAsync())
        {
            hash.AppendData(chunk.Span);
        }

        return response.IsCompleted && hash.GetHashAndReset().AsSpan().SequenceEqual(spec.ExpectedSha256());
    }
}
