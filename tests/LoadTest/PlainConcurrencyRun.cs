using System.Diagnostics;
using System.Security.Cryptography;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using LambdaStreamGen.Local;

namespace LambdaStreamGen.LoadTest;

/// <summary>
/// The yardstick for <see cref="ConcurrencyRun"/>: the same N streams, the same holding of the first read until all are
/// open, read by a plain signed <see cref="HttpClient"/> that hashes the raw body and decodes nothing. How much more CPU
/// per GiB N streams cost than one here is what HTTP and the sockets cost; the client's run costing more than that
/// would be its own.
/// </summary>
internal static class PlainConcurrencyRun
{
    public static async Task<int> RunAsync(int streams, long bytesPerStream, int chunkSize)
    {
        await using EmulatorChild emulator = await EmulatorChild.StartAsync();
        LambdaStreamingClientOptions options = emulator.CreateClientOptions();
        using var http = new HttpClient(new SigV4SigningHandler(
            new BasicAWSCredentials(LocalCredentials.Test.AccessKeyId, LocalCredentials.Test.SecretAccessKey), RegionEndpoint.USEast1, "lambda", new SocketsHttpHandler()))
        {
            BaseAddress = options.ServiceUrl,
            Timeout = Timeout.InfiniteTimeSpan,
        };

        var allOpen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int opened = 0;
        int failures = 0;
        TimeSpan cpuBefore = ClientCpu();
        var clock = Stopwatch.StartNew();

        async Task RunOneAsync(int index)
        {
            var spec = new StreamSpec(index, bytesPerStream, chunkSize);
            using var request = new HttpRequestMessage(HttpMethod.Post, "2021-11-15/functions/spec/response-streaming-invocations") { Content = new StringContent(spec.ToPayload()) };
            using HttpResponseMessage response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            await using Stream body = await response.Content.ReadAsStreamAsync();
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            byte[] buffer = new byte[128 * 1024];
            long received = 0;
            int read;
            bool counted = false;
            while ((read = await body.ReadAsync(buffer)) > 0)
            {
                hash.AppendData(buffer.AsSpan(0, read));
                received += read;
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

            // The raw body is the payload plus framing: anything shorter lost data.
            if (!response.IsSuccessStatusCode || received <= bytesPerStream)
            {
                Interlocked.Increment(ref failures);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, streams).Select(RunOneAsync));
        clock.Stop();
        TimeSpan cpu = ClientCpu() - cpuBefore;
        double gibibytes = streams * bytesPerStream / (1024.0 * 1024 * 1024);
        Console.WriteLine($"plain HttpClient, streams: {streams} × {bytesPerStream:N0} bytes in {chunkSize:N0}-byte chunks; complete: {streams - failures} of {streams}");
        Console.WriteLine($"elapsed: {clock.Elapsed.TotalSeconds:F1} s; client CPU: {cpu.TotalSeconds:F2} s, {cpu.TotalSeconds / gibibytes:F2} s per GiB of payload");
        return failures == 0 ? 0 : 1;
    }

    private static TimeSpan ClientCpu()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }
}
