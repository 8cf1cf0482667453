using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using LambdaStreamGen.Local;
using LambdaStreamGen.TestSupport;

namespace LambdaStreamGen.Benchmarks;

/// <summary>
/// End-to-end over loopback against the emulator: our client's payload throughput (raw chunks and JSON lines) against
/// a plain signed <see cref="HttpClient"/> reading the same response bytes (the limit) and against the AWS SDK for
/// JavaScript on the same emulator; then the time from a flushed record on the server to the item in
/// <c>await foreach</c>. Each throughput figure is the best of three runs.
/// </summary>
/// <remarks>Run with: <c>dotnet run -c Release --project tests/Benchmarks -- client-throughput [MiB]</c> (needs Node.js).</remarks>
internal static class ClientThroughput
{
    public static async Task RunAsync(string[] args)
    {
        int mebibytes = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 256;
        int recordBytes = JsonSerializer.SerializeToUtf8Bytes(new Record(1, new string('x', 200), 3.25), RecordContext.Default.Record).Length + 1;

        // The emulator runs in its own process, as Lambda would be on another machine, so that every reader (ours, the
        // plain HttpClient and the JavaScript SDK, which always had a process of its own) gets the same share of CPU.
        await using EmulatorProcess server = await EmulatorProcess.StartAsync(mebibytes);
        using var client = new LambdaStreamingClient(server.CreateClientOptions());

        // One untimed pass of each reader first, so that no measurement pays for JIT compilation.
        await PlainHttpClientAsync(server, "bytes");
        await RawChunksAsync(client, "bytes");
        await JsonLinesAsync(client, "records");

        double plain = await BestOfThreeAsync(() => PlainHttpClientAsync(server, "bytes"));
        double chunks = await BestOfThreeAsync(() => RawChunksAsync(client, "bytes"));
        double plainRecords = await BestOfThreeAsync(() => PlainHttpClientAsync(server, "records"));
        double records = await BestOfThreeAsync(() => JsonLinesAsync(client, "records"));
        double javascript = await BestOfThreeAsync(() => JavaScriptSdkAsync(server, "bytes"));

        Console.WriteLine($"payload {mebibytes} MiB per run, 64 KiB flushed chunks; GB/s of payload (best of 3)");
        Console.WriteLine($"plain HttpClient, raw body      {plain:F2}");
        Console.WriteLine($"LambdaStreamGen ReadChunksAsync {chunks:F2}  ({chunks / plain:P0} of plain, {chunks / javascript:F1}x the JS SDK)");
        Console.WriteLine($"plain HttpClient, JSON lines    {plainRecords:F2}");
        Console.WriteLine($"LambdaStreamGen ReadJsonLines   {records:F2}  ({records / plainRecords:P0} of plain; {recordBytes}-byte records)");
        Console.WriteLine($"AWS SDK for JavaScript          {javascript:F2}");

        using (var process = Process.GetCurrentProcess())
        {
            Console.WriteLine($"peak working set of the reading process: {process.PeakWorkingSet64 / (1024 * 1024)} MiB; of the emulator process: {server.PeakWorkingSetMebibytes()} MiB");
        }

        List<double> latencies = await LatencyAsync(client);
        latencies.Sort();
        Console.WriteLine($"flush-to-item latency over {latencies.Count} records: p50 {latencies[latencies.Count / 2]:F2} ms, p99 {latencies[(int)(latencies.Count * 0.99)]:F2} ms, max {latencies[^1]:F2} ms");
    }

    /// <summary>Runs the emulator with the benchmark functions until standard input closes (the child process of a run).</summary>
    public static async Task ServeAsync(string[] args)
    {
        long total = int.Parse(args[0], CultureInfo.InvariantCulture) * 1024L * 1024;
        await using LocalLambdaServer server = await LocalLambdaServer.StartAsync(options => RegisterFunctions(options, total));
        await ChildServer.ServeUntilParentLeavesAsync(server.Endpoint);
    }

    private static void RegisterFunctions(LocalLambdaServerOptions options, long total)
    {
        byte[] block = new byte[64 * 1024];
        new Random(3).NextBytes(block);
        byte[] jsonLine = JsonSerializer.SerializeToUtf8Bytes(new Record(1, new string('x', 200), 3.25), RecordContext.Default.Record);
        int linesPerBlock = block.Length / (jsonLine.Length + 1);
        options.MaxResponseBytes = long.MaxValue;
        options.AddFunction("bytes", async (_, response, ct) =>
        {
            for (long sent = 0; sent < total; sent += block.Length)
            {
                await response.WriteAsync(block, ct);
                await response.FlushAsync(ct);
            }
        });
        options.AddFunction("records", async (_, response, ct) =>
        {
            byte[] lines = [.. Enumerable.Repeat(jsonLine.Append((byte)'\n'), linesPerBlock).SelectMany(l => l)];
            for (long sent = 0; sent < total; sent += lines.Length)
            {
                await response.WriteAsync(lines, ct);
                await response.FlushAsync(ct);
            }
        });
        options.AddFunction("ticks", async (_, response, ct) =>
        {
            for (int i = 0; i < 200; i++)
            {
                await response.WriteJsonLineAsync(new Tick(Stopwatch.GetTimestamp()), RecordContext.Default.Tick, ct);
                await response.FlushAsync(ct);
                await Task.Delay(5, ct);
            }
        });
    }

    private static async Task<double> BestOfThreeAsync(Func<Task<(long Bytes, TimeSpan Elapsed)>> run)
    {
        double best = 0;
        for (int i = 0; i < 3; i++)
        {
            (long bytes, TimeSpan elapsed) = await run();
            best = Math.Max(best, bytes / elapsed.TotalSeconds / 1e9);
        }

        return best;
    }

    private static async Task<(long, TimeSpan)> PlainHttpClientAsync(EmulatorProcess server, string function)
    {
        (long bytes, TimeSpan elapsed, _) = await PlainHttpReader.ReadAsync(server.Endpoint, function);
        return (bytes, elapsed);
    }

    private static async Task<(long, TimeSpan)> RawChunksAsync(LambdaStreamingClient client, string function)
    {
        var clock = Stopwatch.StartNew();
        await using LambdaResponseStream response = await client.InvokeAsync(new LambdaStreamingRequest(function));
        long received = 0;
        await foreach (ReadOnlyMemory<byte> chunk in response.ReadChunksAsync())
        {
            received += chunk.Length;
        }

        return (received, clock.Elapsed);
    }

    private static async Task<(long, TimeSpan)> JsonLinesAsync(LambdaStreamingClient client, string function)
    {
        var clock = Stopwatch.StartNew();
        await using LambdaResponseStream response = await client.InvokeAsync(new LambdaStreamingRequest(function));
        long count = 0;
        await foreach (Record _ in response.ReadJsonLinesAsync(RecordContext.Default.Record))
        {
            count++;
        }

        return (response.PayloadBytesReceived, clock.Elapsed);
    }

    private static async Task<(long, TimeSpan)> JavaScriptSdkAsync(EmulatorProcess server, string function)
    {
        string folder = Path.Combine(FindRepositoryRoot(), "tests", "Local.Tests", "node");
        if (!Directory.Exists(Path.Combine(folder, "node_modules")))
        {
            using Process install = Process.Start(new ProcessStartInfo("npm", "ci --no-audit --no-fund") { WorkingDirectory = folder })!;
            await install.WaitForExitAsync();
        }

        var start = new ProcessStartInfo("node") { WorkingDirectory = folder, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string argument in new[] { "invoke-with-js-sdk.mjs", server.Endpoint.ToString().TrimEnd('/'), function, string.Empty, "--count-only" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["AWS_ACCESS_KEY_ID"] = LocalCredentials.Test.AccessKeyId;
        start.Environment["AWS_SECRET_ACCESS_KEY"] = LocalCredentials.Test.SecretAccessKey;
        start.Environment["AWS_REGION"] = "us-east-1";
        start.Environment["NODE_NO_WARNINGS"] = "1";

        // The script times itself from sending the request to the last event, as the .NET readers are timed: Node's
        // start-up and module loading are left out.
        using Process node = Process.Start(start)!;
        string output = await node.StandardOutput.ReadToEndAsync();
        await node.WaitForExitAsync();
        using JsonDocument result = JsonDocument.Parse(output);
        return (result.RootElement.GetProperty("bytes").GetInt64(), TimeSpan.FromMilliseconds(result.RootElement.GetProperty("elapsedMs").GetDouble()));
    }

    private static async Task<List<double>> LatencyAsync(LambdaStreamingClient client)
    {
        var latencies = new List<double>();
        await using LambdaResponseStream response = await client.InvokeAsync(new LambdaStreamingRequest("ticks"));
        await foreach (Tick tick in response.ReadJsonLinesAsync(RecordContext.Default.Tick))
        {
            latencies.Add(Stopwatch.GetElapsedTime(tick.Timestamp).TotalMilliseconds);
        }

        return latencies;
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "LambdaStreamGen.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Run the benchmark from the repository.");
    }
}

internal sealed record Record(int Id, string Name, double Score);

internal sealed record Tick(long Timestamp);

[JsonSerializable(typeof(Record))]
[JsonSerializable(typeof(Tick))]
internal sealed partial class RecordContext : JsonSerializerContext;
