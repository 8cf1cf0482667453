using System.Diagnostics;

namespace LambdaStreamGen.LoadTest;

/// <summary>
/// A function streams a payload with no record boundary at all (no <c>\n</c>); the client reads it as text lines with
/// the default <see cref="LambdaStreamingClientOptions.MaxRecordBytes"/>. The read must fail with
/// <see cref="LambdaPayloadFormatException"/> soon after the limit, and this process's peak working set must stay near
/// the limit, not grow with the payload. The emulator runs in a child process so that only the client is measured.
/// </summary>
internal static class RecordLimitRun
{
    public static async Task<int> RunAsync(long payloadBytes)
    {
        await using EmulatorChild emulator = await EmulatorChild.StartAsync();
        using var client = new LambdaStreamingClient(emulator.CreateClientOptions());
        int limit = LambdaStreamingClientOptions.DefaultMaxRecordBytes;

        // Warm up on a small stream so that the peak below is the record's, not the first call's start-up.
        await using (LambdaResponseStream warm = await client.InvokeAsync(new LambdaStreamingRequest("spec").WithTextPayload(new StreamSpec(1, 64 * 1024, 16 * 1024).ToPayload())))
        {
            await foreach (ReadOnlyMemory<byte> _ in warm.ReadChunksAsync())
            {
            }
        }

        long peakBefore = PeakWorkingSet();
        await using LambdaResponseStream response = await client.InvokeAsync(new LambdaStreamingRequest("unbounded").WithTextPayload(payloadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        LambdaPayloadFormatException? error = null;
        long lines = 0;
        try
        {
            await foreach (string _ in response.ReadTextLinesAsync())
            {
                lines++;
            }
        }
        catch (LambdaPayloadFormatException exception)
        {
            error = exception;
        }

        long peakAfter = PeakWorkingSet();
        long received = response.PayloadBytesReceived;
        Console.WriteLine($"payload offered: {MemoryReading.Mebibytes(payloadBytes)}; MaxRecordBytes: {MemoryReading.Mebibytes(limit)}");
        Console.WriteLine($"payload read before the error: {MemoryReading.Mebibytes(received)}");
        Console.WriteLine($"peak working set: {MemoryReading.Mebibytes(peakBefore)} before the call, {MemoryReading.Mebibytes(peakAfter)} after");
        Console.WriteLine($"error: {error?.Message ?? "(none)"}");

        var failures = new List<string>();
        if (error is null || lines != 0)
        {
            failures.Add($"expected LambdaPayloadFormatException and no line; got {lines} lines and {error?.GetType().Name ?? "no error"}");
        }

        if (received > limit + (1024 * 1024))
        {
            failures.Add($"read {received} payload bytes before failing; the limit is {limit}");
        }

        // The record may take up to twice the limit (a pooled buffer rounds up to a power of two) plus the copy it
        // grew from; anything near the payload's size means the payload was buffered.
        if (peakAfter - peakBefore > 4L * limit)
        {
            failures.Add($"the peak working set grew by {MemoryReading.Mebibytes(peakAfter - peakBefore)}, over 4 × MaxRecordBytes");
        }

        Console.WriteLine($"peak growth: {MemoryReading.Mebibytes(peakAfter - peakBefore)}");
        foreach (string failure in failures)
        {
            Console.WriteLine("FAILED: " + failure);
        }

        return failures.Count == 0 ? 0 : 1;
    }

    private static long PeakWorkingSet()
    {
        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64;
    }
}
