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
    /// <summary>Reads the whole body with a client of its own, timed from the request on.</summary>
    public static async Task<(long Bytes, TimeSpan Elapsed, int Status)> ReadAsync(Uri endpoint, string function)
    {
        using HttpClient http = CreateClient(endpoint);
        var clock = Stopwatch.StartNew();
        (long received, int status) = await ReadBodyAsync(http, function);
        return (received, clock.Elapsed, status);
    }

    /// <summary>A client that signs with the emulator's test credentials, without timeouts.</summary>
    public static HttpClient CreateClient(Uri endpoint) =>
        new(new SigV4SigningHandler(
            new BasicAWSCredentials(LocalCredentials.Test.AccessKeyId, LocalCredentials.Test.SecretAccessKey), RegionEndpoint.USEast1, "lambda", new SocketsHttpHandler()))
        {
            BaseAddress = endpoint,
            Timeout = Timeout.InfiniteTimeSpan,
        };

    /// <summary>An <c>InvokeWithResponseStream</c> request with an empty payload.</summary>
    public static HttpRequestMessage Request(string function) =>
        new(HttpMethod.Post, $"2021-11-15/functions/{function}/response-streaming-invocations") { Content = new ByteArrayContent([]) };

    /// <summary>Reads the whole raw body into one reused 128 KiB buffer.</summary>
    public static async Task<(long Bytes, int Status)> ReadBodyAsync(HttpClient http, string function)
    {
        using HttpRequestMessage request = Request(function);
        using HttpResponseMessage response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        await using Stream body = await response.Content.ReadAsStreamAsync();
        byte[] buffer = new byte[128 * 1024];
        long received = 0;
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            received += read;
        }

        return (received, (int)response.StatusCode);
    }
}
