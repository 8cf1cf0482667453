using System.Diagnostics;
using System.Globalization;
using LambdaStreamGen.Local;

namespace LambdaStreamGen.Benchmarks;

/// <summary>
/// Serves one large streamed response from the emulator to a plain, signed <see cref="HttpClient"/> reading the raw
/// body on loopback, and reports throughput and the process's peak working set. Not a BenchmarkDotNet benchmark:
/// one long transfer is the measurement.
/// </summary>
/// <remarks>Run with: <c>dotnet run -c Release --project tests/Benchmarks -- emulator-throughput [GiB] [chunk bytes] [--curl]</c>.</remarks>
internal static class EmulatorThroughput
{
    public static async Task RunAsync(string[] args)
    {
        double gibibytes = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 1;
        long total = (long)(gibibytes * 1024 * 1024 * 1024);
        int chunkSize = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 64 * 1024;
        byte[] block = new byte[chunkSize];
        new Random(1).NextBytes(block);

        // The response size of the next call: a short untimed warm-up first (so the timed runs measure the server's
        // steady state, not the JIT's tiers), then the timed responses of the full size.
        long size = 256L * 1024 * 1024;
        await using LocalLambdaServer server = await LocalLambdaServer.StartAsync(options =>
        {
            options.MaxResponseBytes = long.MaxValue;
            options.MaxChunkSize = chunkSize;
            options.AddFunction("bulk", async (_, response, cancellationToken) =>
            {
                long length = Volatile.Read(ref size);
                for (long sent = 0; sent < length; sent += block.Length)
                {
                    await response.WriteAsync(block.AsMemory(0, (int)Math.Min(block.Length, length - sent)), cancellationToken);
                    await response.FlushAsync(cancellationToken);
                }
            });
        });

        using var process = Process.GetCurrentProcess();
        long workingSetBefore = process.WorkingSet64;
        bool useCurl = args.Contains("--curl");
        Func<Task<(long Received, string Status)>> read = useCurl ? () => ReadWithCurlAsync(server) : () => ReadWithHttpClientAsync(server);
        (_, string warmUpStatus) = await read();
        Volatile.Write(ref size, total);

        var runs = new List<double>();
        long received = 0;
        string status = warmUpStatus;
        for (int run = 0; run < 3; run++)
        {
            var clock = Stopwatch.StartNew();
            (received, status) = await read();
            clock.Stop();
            runs.Add(received / clock.Elapsed.TotalSeconds / 1e9);
        }

        process.Refresh();
        Console.WriteLine($"reader {(useCurl ? "curl (separate process)" : "HttpClient (same process)")}; status {status}; payload {total:N0} bytes in {chunkSize:N0}-byte flushed chunks; body {received:N0} bytes (event-stream framing included)");
        Console.WriteLine($"throughput after a 256 MiB warm-up, three runs: {string.Join(", ", runs.Select(r => r.ToString("F2", CultureInfo.InvariantCulture)))} GB/s");
        Console.WriteLine($"working set before {workingSetBefore / (1024 * 1024)} MiB; peak working set {process.PeakWorkingSet64 / (1024 * 1024)} MiB ({(useCurl ? "server only" : "server and reader")})");
    }

    private static async Task<(long Received, string Status)> ReadWithHttpClientAsync(LocalLambdaServer server)
    {
        (long bytes, _, int status) = await PlainHttpReader.ReadAsync(server.Endpoint, "bulk");
        return (bytes, status.ToString(CultureInfo.InvariantCulture));
    }

    // curl signs with its own SigV4 implementation and discards the body: the reader costs the server nothing.
    private static async Task<(long Received, string Status)> ReadWithCurlAsync(LocalLambdaServer server)
    {
        var startInfo = new ProcessStartInfo("curl") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string argument in new[]
        {
            "-s", "-o", "/dev/null", "-w", "%{http_code} %{size_download}", "-X", "POST", "--data-binary", string.Empty,
            "--aws-sigv4", "aws:amz:us-east-1:lambda", "--user", $"{LocalCredentials.Test.AccessKeyId}:{LocalCredentials.Test.SecretAccessKey}",
            new Uri(server.Endpoint, Path).ToString(),
        })
        {
            startInfo.ArgumentList.Add(argument);
        }

        using Process curl = Process.Start(startInfo) ?? throw new InvalidOperationException("curl could not be started.");
        string output = await curl.StandardOutput.ReadToEndAsync();
        await curl.WaitForExitAsync();
        string[] parts = output.Split(' ');
        return (long.Parse(parts[1], CultureInfo.InvariantCulture), parts[0]);
    }

    private const string Path = "2021-11-15/functions/bulk/response-streaming-invocations";
}
