using System.Net.Http.Headers;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using LambdaStreamGen.EventStreams;

namespace LambdaStreamGen.Local.Tests.Support;

/// <summary>
/// A plain HTTP client for the emulator, signed by AWSSDK.Core's <see cref="SigV4SigningHandler"/>: independent of the
/// emulator's own canonicalization, so that a signature both accept is one the AWS signer produced.
/// </summary>
internal sealed class EmulatorClient : IDisposable
{
    private readonly HttpClient _http;

    public EmulatorClient(LocalLambdaServer server, AWSCredentials? credentials = null, bool sign = true)
    {
        HttpMessageHandler handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        if (sign)
        {
            handler = new SigV4SigningHandler(
                credentials ?? new BasicAWSCredentials(LocalCredentials.Test.AccessKeyId, LocalCredentials.Test.SecretAccessKey),
                RegionEndpoint.GetBySystemName(server.Options.Region),
                "lambda",
                handler);
        }

        _http = new HttpClient(handler) { BaseAddress = server.Endpoint, Timeout = Timeout.InfiniteTimeSpan };
    }

    public static string PathFor(string functionName) => $"2021-11-15/functions/{Uri.EscapeDataString(functionName)}/response-streaming-invocations";

    public Task<HttpResponseMessage> InvokeAsync(string functionName, byte[]? payload = null, Action<HttpRequestMessage>? configure = null, string? query = null, CancellationToken cancellationToken = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, PathFor(functionName) + query)
        {
            Content = new ByteArrayContent(payload ?? []),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        configure?.Invoke(request);
        return _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    public async Task<List<EventStreamMessage>> ReadEventsAsync(HttpResponseMessage response, CancellationToken cancellationToken = default)
    {
        await using var reader = new EventStreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        var messages = new List<EventStreamMessage>();
        await foreach (EventStreamMessage message in reader.ReadAllAsync(cancellationToken))
        {
            messages.Add(message);
        }

        return messages;
    }

    public void Dispose() => _http.Dispose();
}
