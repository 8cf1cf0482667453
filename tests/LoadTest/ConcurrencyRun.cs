using System.Diagnostics;
using System.Security.Cryptography;

namespace LambdaStreamGen.LoadTest;

/// <summary>
/// N streams at once from one client: every stream holds its first chunk until all N are open (so they really are
/// concurrent), then reads to the end; every payload's SHA-256 is checked and every stream must end in InvokeComplete.
/// </summary>
internal static class ConcurrencyRun
{
    public static async Task<int> RunAsync(int streams, long bytesPerStream, int chunkSize)
    {
        await using EmulatorChild emulator = await EmulatorChild.StartAsync();
        using var client = new LambdaStreamingClient(emulator.CreateClientOptions());

        // Expected hashes first, so the run itself measures streaming, not hashing the reference.
        byte[][] expected = new byte[streams][];
        Parallel.For(0, streams, i => expected[i] = new StreamSpec(i, bytesPerStream, chunkSize).ExpectedSha256());

        var allOpen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int opened = 0;
        int open = 0;
        int maxOpen = 0;
        var failures = new List<string>();
        TimeSpan cpuBefore = ClientCpu();
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        int[] collectionsBefore = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        var clock = Stopwatch.StartNew();

        async Task RunOneAsync(int index)
        {
            var spec = new StreamSpec(index, bytesPerStream, chunkSize);
            bool counted = false;
            try
            {
                await using LambdaResponseStream response = await client.InvokeAsync(new LambdaStreamingRequest("spec").WithTextPayload(spec.ToPayload()));
                int nowOpen = Interlocked.Increment(ref open);
                InterlockedMax(ref maxOpen, nowOpen);
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                long received = 0;
                await foreach (ReadOnlyMemory<byte> chunk in response.ReadChunksAsync())
                {
                    hash.AppendData(chunk.Span);
                    received += chunk.Length;
                    if (!counted)
                    {
                        counted = true;
                        if (Interlocked.Increment(ref opened) == streams)
                        {
                            allOpen.SetResult();
                        }

                        await allOpen.Task.WaitAsync(TimeSpan.FromMinutes(2));
                    }
                }

                Interlocked.Decrement(ref open);
                if (!response.IsCompleted || received != bytesPerStream || !hash.GetHashAndReset().AsSpan().SequenceEqual(expected[index]))
                {
                    lock (failures)
                    {
                        failures.Add($"stream {index}: {received} bytes, completed {response.IsCompleted}, SHA-256 mismatch");
                    }
                }
            }
#pragma warning disable CA1031 // A load run reports every failure, whatever its type, and goes on.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                lock (failures)
                {
                    failures.Add($"stream {index}: {exception.GetType().Name}: {exception.Message}");
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, streams).Select(RunOneAsync));
        clock.Stop();
        TimeSpan cpu = ClientCpu() - cpuBefore;

        using var self = Process.GetCurrentProcess();
        long total = streams * bytesPerStream;
        Console.WriteLine($"streams: {streams} × {bytesPerStream:N0} bytes in {chunkSize:N0}-byte chunks");
        Console.WriteLine($"open at once: {maxOpen} (all {streams} held their first chunk until every stream was open)");
        Console.WriteLine($"verified: {streams - failures.Count} of {streams} (SHA-256 and InvokeComplete)");
        Console.WriteLine($"elapsed: {clock.Elapsed.TotalSeconds:F1} s, {total / clock.Elapsed.TotalSeconds / 1e9:F2} GB/s aggregate");
        // The client's CPU, SHA-256 of every byte included; compare with one stream of the same total size
        // (concurrency 1 <total bytes>) for the cost of concurrency itself.
        Console.WriteLine($"client CPU: {cpu.TotalSeconds:F2} s, {cpu.TotalSeconds / (total / (1024.0 * 1024 * 1024)):F2} s per GiB");
        Console.WriteLine($"client allocated: {(GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / (1024 * 1024):N0} MiB; collections gen0/1/2: {GC.CollectionCount(0) - collectionsBefore[0]}/{GC.CollectionCount(1) - collectionsBefore[1]}/{GC.CollectionCount(2) - collectionsBefore[2]}");
        Console.WriteLine($"client peak working set: {MemoryReading.Mebibytes(self.PeakWorkingSet64)}; emulator working set at the end: {MemoryReading.Mebibytes(emulator.WorkingSetBytes())}");
        foreach (string failure in failures.Take(20))
        {
            Console.WriteLine($"  FAIL {failure}");
        }

        return failures.Count == 0 ? 0 : 1;
    }

    private static TimeSpan ClientCpu()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current = Volatile.Read(ref target);
        while (value > current)
        {
            int seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
