using System.Diagnostics;
using System.Security.Cryptography;

namespace LambdaStreamGen.LoadTest;

/// <summary>
/// Continuous load for a fixed time: workers call in a loop, mixing verified streams with the error paths (a stream
/// cancelled after its first chunk, a stream cut off without InvokeComplete). Memory is sampled after a full
/// collection every ten seconds; after a warm-up, the last minute must not sit above the first.
/// </summary>
internal static class SoakRun
{
    private static readonly TimeSpan SampleEvery = TimeSpan.FromSeconds(10);

    public static async Task<int> RunAsync(TimeSpan duration, int workers, TimeSpan warmUp)
    {
        await using EmulatorChild emulator = await EmulatorChild.StartAsync();
        using var client = new LambdaStreamingClient(emulator.CreateClientOptions());
        var spec = new StreamSpec(42, 256 * 1024, 16 * 1024);
        byte[] expected = spec.ExpectedSha256();
        long verified = 0, cancelled = 0, truncated = 0, bytes = 0;
        var failures = new List<string>();
        var samples = new List<(TimeSpan At, MemoryReading Memory)>();
        var clock = Stopwatch.StartNew();
        using var end = new CancellationTokenSource(duration);

        async Task WorkAsync(int worker)
        {
            for (long call = worker; !end.IsCancellationRequested; call += workers)
            {
                try
                {
                    switch (call % 10)
                    {
                        case 0:
                            await CancelAfterFirstChunkAsync(client, spec);
                            Interlocked.Increment(ref cancelled);
                            break;
                        case 1:
                            await ExpectTruncatedAsync(client, spec);
                            Interlocked.Increment(ref truncated);
                            break;
                        default:
                            Interlocked.Add(ref bytes, await ReadVerifiedAsync(client, spec, expected));
                            Interlocked.Increment(ref verified);
                            break;
                    }
                }
#pragma warning disable CA1031 // A soak reports every failure, whatever its type, and goes on.
                catch (Exception exception)
#pragma warning restore CA1031
                {
                    lock (failures)
                    {
                        failures.Add($"{exception.GetType().Name}: {exception.Message}");
                    }
                }
            }
        }

        Task load = Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(() => WorkAsync(w))));
        while (!load.IsCompleted)
        {
            await Task.WhenAny(load, Task.Delay(SampleEvery));
            MemoryReading reading = MemoryReading.Take();
            samples.Add((clock.Elapsed, reading));
            Console.WriteLine($"{clock.Elapsed:mm\\:ss}  working set {MemoryReading.Mebibytes(reading.WorkingSet),10}  managed heap {MemoryReading.Mebibytes(reading.ManagedHeap),10}  calls {verified + cancelled + truncated:N0}");
        }

        await load;
        var steady = samples.Where(s => s.At >= warmUp).ToList();
        var first = steady.Where(s => s.At < warmUp + TimeSpan.FromMinutes(1)).ToList();
        var last = steady.Where(s => s.At >= clock.Elapsed - TimeSpan.FromMinutes(1)).ToList();
        double firstWorkingSet = first.Average(s => s.Memory.WorkingSet), lastWorkingSet = last.Average(s => s.Memory.WorkingSet);
        double firstHeap = first.Average(s => s.Memory.ManagedHeap), lastHeap = last.Average(s => s.Memory.ManagedHeap);

        // Steady: the last minute is within 10 % (working set) and 2 MiB (live heap) of the first minute after warm-up.
        bool steadyWorkingSet = lastWorkingSet <= firstWorkingSet * 1.10;
        bool steadyHeap = lastHeap <= firstHeap + (2 * 1024 * 1024);
        Console.WriteLine($"soak: {clock.Elapsed.TotalMinutes:F1} min, {workers} workers: {verified:N0} verified streams ({bytes / 1e9:F1} GB), {cancelled:N0} cancelled mid-stream, {truncated:N0} truncated as expected, {failures.Count} failures");
        Console.WriteLine($"working set, first minute after warm-up → last minute: {MemoryReading.Mebibytes((long)firstWorkingSet)} → {MemoryReading.Mebibytes((long)lastWorkingSet)} ({(steadyWorkingSet ? "steady" : "GROWING")})");
        Console.WriteLine($"managed heap, same minutes: {MemoryReading.Mebibytes((long)firstHeap)} → {MemoryReading.Mebibytes((long)lastHeap)} ({(steadyHeap ? "steady" : "GROWING")})");
        Console.WriteLine($"emulator working set at the end: {MemoryReading.Mebibytes(emulator.WorkingSetBytes())}");
        foreach (string failure in failures.Distinct().Take(20))
        {
            Console.WriteLine($"  FAIL {failure}");
        }

        return failures.Count == 0 && steadyWorkingSet && steadyHeap ? 0 : 1;
    }

    private static async Task<long> ReadVerifiedAsync(LambdaStreamingClient client, StreamSpec spec, byte[] expected)
    {
        await using LambdaResponseStream response = await client.InvokeAsync(new LambdaStreamingRequest("spec").WithTextPayload(spec.ToPayload()));
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long received = 0;
        await foreach (ReadOnlyMemory<byte> chunk in response.ReadChunksAsync())
        {
            hash.AppendData(chunk.Span);
            received += chunk.Length;
        }

        return response.IsCompleted && hash.GetHashAndReset().AsSpan().SequenceEqual(expected)
            ? received
            : throw new InvalidOperationException($"stream mismatch: {received} bytes, completed {response.IsCompleted}");
    }

    private static async Task CancelAfterFirstChunkAsync(LambdaStreamingClient client, StreamSpec spec)
    {
        using var cancel = new CancellationTokenSource();
        await using LambdaResponseStream response = await client.InvokeAsync(new LambdaStreamingRequest("spec").WithTextPayload(spec.ToPayload()), cancel.Token);
        try
        {
            await foreach (ReadOnlyMemory<byte> chunk in response.ReadChunksAsync(cancel.Token))
            {
                await cancel.CancelAsync();
            }
        }
        catch (OperationCanceledException)
        {
            return;
        }

        throw new InvalidOperationException("cancellation after the first chunk did not end the stream");
    }

    private static async Task ExpectTruncatedAsync(LambdaStreamingClient client, StreamSpec spec)
    {
        await using LambdaResponseStream response = await client.InvokeAsync(new LambdaStreamingRequest("truncated").WithTextPayload(spec.ToPayload()));
        try
        {
            await foreach (ReadOnlyMemory<byte> chunk in response.ReadChunksAsync())
            {
            }
        }
        catch (LambdaStreamTruncatedException)
        {
            return;
        }

        throw new InvalidOperationException("a stream cut off without InvokeComplete was not reported as truncated");
    }
}
