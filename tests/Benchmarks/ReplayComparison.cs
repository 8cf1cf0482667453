using System.Diagnostics;
using System.Globalization;
using Amazon.Runtime;
using LambdaStreamGen.EventStreams;
using LambdaStreamGen.Local;
using LambdaStreamGen.TestSupport;

namespace LambdaStreamGen.Benchmarks;

/// <summary>
/// Every reader over the same pre-encoded responses in one run (<see cref="ReplayServer"/> in its own process): a plain
/// signed <see cref="HttpClient"/> (the limit), the span-level decoder alone over that client's body,
/// <c>ReadChunksAsync</c>, the typed decoders and a generated client. One untimed round first, then timed rounds, each
/// starting one reader further along so that no reader always runs first or last; medians and spreads of the
/// per-round ratios against the plain reader of the same round.
/// </summary>
/// <remarks>Run with: <c>dotnet run -c Release --project tests/Benchmarks -- replay [rounds] [response or reader]</c>.</remarks>
internal static partial class ReplayComparison
{
    private const int ReadBufferBytes = 128 * 1024;

    public static async Task RunAsync(string[] args)
    {
        int rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5;
        string? only = args.Length > 1 ? args[1] : null;
        await using ChildServer server = await ChildServer.StartAsync("replay-serve");
        using HttpClient plain = PlainHttpReader.CreateClient(server.Endpoint);
        var credentials = new BasicAWSCredentials(LocalCredentials.Test.AccessKeyId, LocalCredentials.Test.SecretAccessKey);
        using var client = new LambdaStreamingClient(new LambdaStreamingClientOptions { ServiceUrl = server.Endpoint, Region = "us-east-1", Credentials = credentials });
        IReplayRecords generated = IReplayRecords.Create(client);

        Reader[] readers =
        [
            new("plain HttpClient", "chunks-32k", () => PlainAsync(plain, "chunks-32k")),
            new("span decoder", "chunks-32k", () => SpanDecoderAsync(plain, "chunks-32k")),
            new("ReadChunksAsync", "chunks-32k", () => ChunksAsync(client, "chunks-32k")),
            new("plain HttpClient", "chunks-1k", () => PlainAsync(plain, "chunks-1k")),
            new("span decoder", "chunks-1k", () => SpanDecoderAsync(plain, "chunks-1k")),
            new("ReadChunksAsync", "chunks-1k", () => ChunksAsync(client, "chunks-1k")),
            new("plain HttpClient", "records", () => PlainAsync(plain, "records")),
            new("ReadJsonLinesAsync", "records", () => JsonLinesAsync(client)),
            new("generated client", "records", () => GeneratedAsync(generated)),
            new("ReadTextLinesAsync", "records", () => TextLinesAsync(client)),
        ];

        if (only is not null)
        {
            // One response (for example chunks-1k) or one reader (for a profile of it alone).
            readers = [.. readers.Where(r => r.Body == only || r.Name == only)];
        }

        var results = readers.ToDictionary(r => r, _ => new List<Measurement>());
        for (int round = -1; round < rounds; round++)
        {
            for (int i = 0; i < readers.Length; i++)
            {
                Reader reader = readers[(i + Math.Max(round, 0)) % readers.Length];
                Measurement measurement = await MeasureAsync(reader);
                if (round >= 0)
                {
                    results[reader].Add(measurement);
                }
            }

            Console.Error.WriteLine(round < 0 ? "warm-up round done" : $"round {round + 1} of {rounds} done");
        }

        Console.WriteLine($"replay: {rounds} timed rounds after one untimed; median [min–max] over rounds; ratios against the plain reader of the same round");
        foreach (IGrouping<string, Reader> body in readers.GroupBy(r => r.Body))
        {
            ReplayBody replay = ReplayBody.Find(body.Key);
            List<Measurement> baseline = results[body.First()];
            Console.WriteLine();
            Console.WriteLine($"{body.Key}: {replay.PayloadBytes / (1024 * 1024)} MiB of payload in {replay.Messages:N0} messages{(replay.Records > 0 ? $", {replay.Records:N0} records" : string.Empty)}");
            Console.WriteLine($"  {"reader",-20} {"GB/s of payload",-22} {"vs plain",-22} {"CPU s per GiB",-18} alloc B per message");
            foreach (Reader reader in body)
            {
                List<Measurement> runs = results[reader];
                double[] rates = [.. runs.Select(m => replay.PayloadBytes / m.Elapsed.TotalSeconds / 1e9)];
                double[] ratios = [.. runs.Select((m, i) => baseline[i].Elapsed.TotalSeconds / m.Elapsed.TotalSeconds)];
                double[] cpu = [.. runs.Select(m => m.Cpu.TotalSeconds / (replay.PayloadBytes / (1024.0 * 1024 * 1024)))];
                double[] alloc = [.. runs.Select(m => (double)m.AllocatedBytes / replay.Messages)];
                Console.WriteLine($"  {reader.Name,-20} {Spread(rates, "F2"),-22} {Spread(ratios, "F2"),-22} {Spread(cpu, "F2"),-18} {Spread(alloc, "F1")}");
            }

            // The generated client's overhead: its time against the direct call's, round by round.
            if (body.FirstOrDefault(r => r.Name == "generated client") is { } generatedReader && body.FirstOrDefault(r => r.Name == "ReadJsonLinesAsync") is { } direct)
            {
                double[] overhead = [.. results[generatedReader].Select((m, i) => m.Elapsed.TotalSeconds / results[direct][i].Elapsed.TotalSeconds)];
                Console.WriteLine($"  generated client time / ReadJsonLinesAsync time: {Spread(overhead, "F3")}");
            }
        }
    }

    private static string Spread(double[] values, string format)
    {
        double[] sorted = [.. values.Order()];
        double median = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
        return string.Create(CultureInfo.InvariantCulture, $"{median.ToString(format, CultureInfo.InvariantCulture)} [{sorted[0].ToString(format, CultureInfo.InvariantCulture)}–{sorted[^1].ToString(format, CultureInfo.InvariantCulture)}]");
    }

    private static async Task<Measurement> MeasureAsync(Reader reader)
    {
        ReplayBody body = ReplayBody.Find(reader.Body);
        TimeSpan cpuBefore = CpuTime();
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        long count = await reader.ReadAsync();
        TimeSpan elapsed = clock.Elapsed;
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        TimeSpan cpu = CpuTime() - cpuBefore;

        // Nothing lost: every reader must deliver the whole response.
        long expected = reader.Name switch
        {
            "plain HttpClient" => body.WireBytes,
            "ReadJsonLinesAsync" or "generated client" or "ReadTextLinesAsync" => body.Records,
            _ => body.PayloadBytes,
        };
        return count == expected
            ? new Measurement(elapsed, cpu, allocated)
            : throw new InvalidOperationException($"{reader.Name} over {reader.Body} delivered {count:N0}, not {expected:N0}.");
    }

    private static TimeSpan CpuTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    private static async Task<long> PlainAsync(HttpClient http, string function) => (await PlainHttpReader.ReadBodyAsync(http, function)).Bytes;

    private static async Task<long> SpanDecoderAsync(HttpClient http, string function)
    {
        using HttpRequestMessage request = PlainHttpReader.Request(function);
        using HttpResponseMessage response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        await using var reader = new EventStreamReader(await response.Content.ReadAsStreamAsync(), new EventStreamReaderOptions { BufferSize = ReadBufferBytes });
        long payload = 0;
        while (await reader.MoveNextAsync())
        {
            EventStreamMessageView message = reader.Current;
            if (message.TryGetStringHeader(":event-type"u8, out ReadOnlySpan<byte> type) && type.SequenceEqual("PayloadChunk"u8))
            {
                payload += message.Payload.Length;
            }
        }

        return payload;
    }

    private static async Task<long> ChunksAsync(LambdaStreamingClient client, string function)
    {
        await using LambdaResponseStream response = await client.InvokeAsync(new LambdaStreamingRequest(function));
        long received = 0;
        await foreach (ReadOnlyMemory<byte> chunk in response.ReadChunksAsync())
        {
            received += chunk.Length;
        }

        return received;
    }

    private static async Task<long> JsonLinesAsync(LambdaStreamingClient client)
    {
        await using LambdaResponseStream response = await client.InvokeAsync(new LambdaStreamingRequest("records"));
        long count = 0;
        await foreach (Record _ in response.ReadJsonLinesAsync(RecordContext.Default.Record))
        {
            count++;
        }

        return count;
    }

    private static async Task<long> TextLinesAsync(LambdaStreamingClient client)
    {
        await using LambdaResponseStream response = await client.InvokeAsync(new LambdaStreamingRequest("records"));
        long count = 0;
        await foreach (string _ in response.ReadTextLinesAsync())
        {
            count++;
        }

        return count;
    }

    private static async Task<long> GeneratedAsync(IReplayRecords generated)
    {
        long count = 0;
        await foreach (Record _ in generated.ReadAsync())
        {
            count++;
        }

        return count;
    }

    private sealed record Reader(string Name, string Body, Func<Task<long>> ReadAsync);

    private readonly record struct Measurement(TimeSpan Elapsed, TimeSpan Cpu, long AllocatedBytes);
}

/// <summary>The generated client of the replay scenario: the same JSON-lines response as <c>ReadJsonLinesAsync</c> reads directly.</summary>
[LambdaStreamingFunction("records", JsonContext = typeof(RecordContext))]
internal partial interface IReplayRecords
{
    /// <summary>Reads the records.</summary>
    /// <param name="cancellationToken">Cancels the stream.</param>
    /// <returns>The records.</returns>
    IAsyncEnumerable<Record> ReadAsync(CancellationToken cancellationToken = default);
}
