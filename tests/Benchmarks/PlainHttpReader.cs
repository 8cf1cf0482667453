using System.Diagnostics;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using LambdaStreamGen.Local;

namespace LambdaStreamGen.Benchmarks;

/// <summary>
/// The limit the benchmarks compare against: a plain <see cref="HttpClient"/>, signed by AWSSDK.Core, reading a
/// function's raw response body from the emulator into one reused buffer without decoding it.
/// </summary>
internal static class PlainHttpReader
{
    public static async Task<(long Bytes, TimeSpan Elapsed, int Status)> ReadAsync(Uri endpoint, string function)
    {
        using var http = new HttpClient(new SigV4SigningHandler(
            new BasicAWSCredentials(LocalCredentials.Test.AccessKeyId, LocalCredentials.Test.SecretAccessKey), RegionEndpoint.USEast1, "lambda", new SocketsHttpHandler()))
        {
            BaseAddress = endpoint,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        var clock = Stopwatch.StartNew();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"2021-11-15/functions/{function}/response-streaming-invocations") { Content = new ByteArrayContent([]) };
        using HttpResponseMessage response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        await using Stream body = await response.Content.ReadAsStreamAsync();
        byte[] buffer = new byte[128 * 1024];
        long received = 0;
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            received += read;
        }

        return (received, clock.Elapsed, (int)response.StatusCode);
    }
}
