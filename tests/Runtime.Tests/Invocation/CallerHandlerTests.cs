using LambdaStreamGen.Local;

namespace LambdaStreamGen.Tests.Invocation;

/// <summary>
/// A client over the caller's own handler, without dependency injection: every attempt goes through that handler,
/// signed, retried and timed by the client as with its own stack.
/// </summary>
public sealed class CallerHandlerTests
{
    [Fact]
    public async Task A_caller_handler_carries_every_signed_attempt_and_the_client_still_retries()
    {
        await using LocalLambdaServer server = await StartAsync(f => f.InjectFaultOnce(1, LocalFault.Throttle(TimeSpan.FromMilliseconds(1))));
        var handler = new RecordingHandler(new SocketsHttpHandler());
        using (var client = new LambdaStreamingClient(handler, server.CreateClientOptions(), disposeHandler: true))
        {
            Assert.Equal(["a", "b"], await ReadLinesAsync(client));
        }

        Assert.Equal(2, handler.Authorizations.Count);
        Assert.All(handler.Authorizations, a => Assert.StartsWith("AWS4-HMAC-SHA256 Credential=" + LocalCredentials.Test.AccessKeyId + "/", a, StringComparison.Ordinal));
        Assert.True(handler.Disposed);
    }

    [Fact]
    public async Task A_handler_not_given_away_outlives_the_client()
    {
        await using LocalLambdaServer server = await StartAsync(_ => { });
        using var handler = new RecordingHandler(new SocketsHttpHandler());
        using (var client = new LambdaStreamingClient(handler, server.CreateClientOptions()))
        {
            Assert.Equal(["a", "b"], await ReadLinesAsync(client));
        }

        Assert.False(handler.Disposed);
        using var second = new LambdaStreamingClient(handler, server.CreateClientOptions());
        Assert.Equal(["a", "b"], await ReadLinesAsync(second));
    }

    [Fact]
    public async Task A_handler_source_is_asked_on_every_attempt_and_its_handlers_are_never_disposed()
    {
        await using LocalLambdaServer server = await StartAsync(f => f.InjectFaultOnce(1, LocalFault.ServiceError(503, "ServiceException", "once")));
        using var handler = new RecordingHandler(new SocketsHttpHandler());
        int asked = 0;
        using (var client = new LambdaStreamingClient(() => { Interlocked.Increment(ref asked); return handler; }, server.CreateClientOptions()))
        {
            Assert.Equal(["a", "b"], await ReadLinesAsync(client));
        }

        Assert.Equal(2, asked);
        Assert.Equal(2, handler.Authorizations.Count);
        Assert.False(handler.Disposed);
    }

    [Fact]
    public async Task The_client_timeouts_apply_through_a_caller_handler()
    {
        await using LocalLambdaServer server = await StartAsync(f => f.InjectFault(LocalFault.DelayFirstByte(TimeSpan.FromSeconds(30))));
        LambdaStreamingClientOptions options = server.CreateClientOptions();
        options.ResponseHeadersTimeout = TimeSpan.FromMilliseconds(300);
        using var client = new LambdaStreamingClient(new RecordingHandler(new SocketsHttpHandler()), options, disposeHandler: true);

        var timeout = await Assert.ThrowsAsync<LambdaTimeoutException>(() => ReadLinesAsync(client));

        Assert.Equal(LambdaTimeoutKind.ResponseHeaders, timeout.Kind);
    }

    private static Task<LocalLambdaServer> StartAsync(Action<LocalFunction> configure) =>
        LocalLambdaServer.StartAsync(options =>
        {
            options.Warnings = TextWriter.Null;
            configure(options.AddFunction("lines", async (invocation, response, ct) =>
            {
                await response.WriteLineAsync("a", ct);
                await response.FlushAsync(ct);
                await response.WriteLineAsync("b", ct);
            }));
        });

    private static async Task<List<string>> ReadLinesAsync(LambdaStreamingClient client)
    {
        await using LambdaResponseStream response = await client.InvokeAsync(new LambdaStreamingRequest("lines"));
        var lines = new List<string>();
        await foreach (string line in response.ReadTextLinesAsync())
        {
            lines.Add(line);
        }

        return lines;
    }

    private sealed class RecordingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        public List<string> Authorizations { get; } = [];

        public bool Disposed { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (Authorizations)
            {
                Authorizations.Add(request.Headers.TryGetValues("Authorization", out IEnumerable<string>? values) ? string.Join(",", values) : "(none)");
            }

            return base.SendAsync(request, cancellationToken);
        }

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }
}
