using System.Diagnostics;
using System.Globalization;
using Amazon.Runtime;
using LambdaStreamGen.Local;
using LambdaStreamGen.TestSupport;

namespace LambdaStreamGen.Benchmarks;

/// <summary>
/// The first call in a fresh process: each sample is a new process of this executable that times, from just before it
/// builds its client, how long the first payload byte takes, against the replay server's small <c>hello</c> and
/// <c>rows</c> bodies. The readers: a plain unsigned <see cref="HttpClient"/> (the yardstick), the client's
/// <c>ReadChunksAsync</c>, and a generated method decoding JSON lines. Stage times say where the first call's time goes.
/// </summary>
/// <remarks>Run with: <c>dotnet run -c Release --project tests/Benchmarks -- cold-start [samples]</c>.</remarks>
internal static class ColdStart
{
    private static readonly string[] Kinds = ["plain", "chunks", "generated"];

    public static async Task RunAsync(string[] args)
    {
        int samples = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 15;
        await using ChildServer server = await ChildServer.StartAsync("replay-serve");
        var results = Kinds.ToDictionary(k => k, _ => new List<Dictionary<string, double>>());
        for (int i = 0; i < samples + 1; i++)
        {
            foreach (string kind in Kinds.Skip(i % Kinds.Length).Concat(Kinds.Take(i % Kinds.Length)))
            {
                Dictionary<string, double> stages = await RunChildAsync(kind, server.Endpoint);
                if (i > 0)
                {
                    // The first sample of each reader warms the disk cache and is left out.
                    results[kind].Add(stages);
                }
            }
        }

        Console.WriteLine($"cold start: {samples} fresh processes per reader; milliseconds from before the client is built, median [min–max]");
        foreach (string kind in Kinds)
        {
            Console.WriteLine($"  {kind}");
            foreach (string stage in results[kind][0].Keys)
            {
                double[] values = [.. results[kind].Select(s => s[stage]).Order()];
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {stage,-34} {values[values.Length / 2],8:F1} [{values[0]:F1}–{values[^1]:F1}]"));
            }
        }
    }

    /// <summary>
    /// Whole-process cold start of another program (the Native AOT sample, say): runs <paramref name="args"/>[1..] with
    /// the replay server's endpoint appended, <paramref name="args"/>[0] times, and reports the wall time from start to
    /// exit, runtime start-up included.
    /// </summary>
    public static async Task RunProcessAsync(string[] args)
    {
        int samples = int.Parse(args[0], CultureInfo.InvariantCulture);
        await using ChildServer server = await ChildServer.StartAsync("replay-serve");
        var times = new List<double>();
        for (int i = 0; i < samples + 1; i++)
        {
            var start = new ProcessStartInfo(args[1]) { RedirectStandardOutput = true, UseShellExecute = false };
            foreach (string argument in args[2..])
            {
                start.ArgumentList.Add(argument);
            }

            start.ArgumentList.Add(server.Endpoint.ToString());
            var clock = Stopwatch.StartNew();
            using Process child = Process.Start(start)!;
            string output = await child.StandardOutput.ReadToEndAsync();
            await child.WaitForExitAsync();
            double elapsed = clock.Elapsed.TotalMilliseconds;
            if (child.ExitCode != 0)
            {
                throw new InvalidOperationException($"'{string.Join(' ', args[1..])}' failed ({child.ExitCode}): {output}");
            }

            if (i > 0)
            {
                times.Add(elapsed);
            }
        }

        times.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{string.Join(' ', args[1..])}: start to exit {times[times.Count / 2]:F1} ms median [{times[0]:F1}–{times[^1]:F1}] over {samples} runs"));
    }

    /// <summary>The child's side: one first call, then each stage's time on standard output as <c>name=milliseconds</c>.</summary>
    public static async Task MeasureAsync(string kind, Uri endpoint)
    {
        var stages = new List<(string, double)>();
        var clock = Stopwatch.StartNew();
        void Mark(string stage) => stages.Add((stage, clock.Elapsed.TotalMilliseconds));

        switch (kind)
        {
            case "plain":
            {
                using var http = new HttpClient();
                Mark("client built");
                using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(endpoint, "2021-11-15/functions/hello/response-streaming-invocations")) { Content = new ByteArrayContent([]) };
                using HttpResponseMessage response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                Mark("response headers");
                await using Stream body = await response.Content.ReadAsStreamAsync();
                byte[] buffer = new byte[16 * 1024];
                _ = await body.ReadAsync(buffer);
                Mark("first payload byte");
                break;
            }

            case "chunks":
            {
                using var client = new LambdaStreamingClient(Options(endpoint));
                Mark("client built");
                await using LambdaResponseStream response = await client.InvokeAsync(new LambdaStreamingRequest("hello"));
                Mark("response headers");
                await foreach (ReadOnlyMemory<byte> _ in response.ReadChunksAsync())
                {
                    Mark("first payload byte");
                    break;
                }

                break;
            }

            default:
            {
                using var client = new LambdaStreamingClient(Options(endpoint));
                IReplayRecords records = IReplayRecords.Create(client);
                Mark("client built");
                await foreach (Record _ in records.ReadAsync())
                {
                    Mark("first payload byte (typed record)");
                    break;
                }

                break;
            }
        }

        foreach ((string stage, double milliseconds) in stages)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{stage}={milliseconds}"));
        }
    }

    private static LambdaStreamingClientOptions Options(Uri endpoint) => new()
    {
        ServiceUrl = endpoint,
        Region = "us-east-1",
        Credentials = new BasicAWSCredentials(LocalCredentials.Test.AccessKeyId, LocalCredentials.Test.SecretAccessKey),
    };

    private static async Task<Dictionary<string, double>> RunChildAsync(string kind, Uri endpoint)
    {
        using Process child = Process.Start(ChildServer.ThisExecutable(["cold-child", kind, endpoint.ToString()]))!;
        string output = await child.StandardOutput.ReadToEndAsync();
        await child.WaitForExitAsync();
        if (child.ExitCode != 0)
        {
            throw new InvalidOperationException($"The {kind} child failed ({child.ExitCode}): {output}");
        }

        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('='))
            .ToDictionary(parts => parts[0], parts => double.Parse(parts[1], CultureInfo.InvariantCulture));
    }
}
