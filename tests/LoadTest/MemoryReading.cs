using System.Diagnostics;

namespace LambdaStreamGen.LoadTest;

/// <summary>This process's memory after a full, compacting collection: working set and live managed heap.</summary>
internal readonly record struct MemoryReading(long WorkingSet, long ManagedHeap)
{
    public static MemoryReading Take()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        using var process = Process.GetCurrentProcess();
        return new MemoryReading(process.WorkingSet64, GC.GetTotalMemory(forceFullCollection: false));
    }

    public static string Mebibytes(long bytes) => $"{bytes / (1024.0 * 1024):F1} MiB";
}
