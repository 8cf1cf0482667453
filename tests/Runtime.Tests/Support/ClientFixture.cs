using LambdaStreamGen.Local;

namespace LambdaStreamGen.Tests.Support;

/// <summary>Starts an emulator and a client pointed at it, for one test.</summary>
internal sealed class ClientFixture : IAsyncDisposable
{
    private ClientFixture(LocalLambdaServer server, LambdaStreamingClient client)
    {
        Server = server;
        Client = client;
    }

    public LocalLambdaServer Server { get; }

    public LambdaStreamingClient Client { get; }

    public static async Task<ClientFixture> StartAsync(Action<LocalLambdaServerOptions> configure, Action<LambdaStreamingClientOptions>? configureClient = null)
    {
        LocalLambdaServer server = await LocalLambdaServer.StartAsync(configure);
        LambdaStreamingClientOptions options = server.CreateClientOptions();
        configureClient?.Invoke(options);
        return new ClientFixture(server, new LambdaStreamingClient(options));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }

    /// <summary>A function that writes each line of its payload as its own flushed chunk.</summary>
    public static async Task EchoLines(LocalInvocation invocation, LocalResponseWriter response, CancellationToken cancellationToken)
    {
        foreach (string line in invocation.ReadText().Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            await response.WriteLineAsync(line, cancellationToken);
            await response.FlushAsync(cancellationToken);
        }
    }
}
