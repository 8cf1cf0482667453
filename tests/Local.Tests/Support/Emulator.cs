namespace LambdaStreamGen.Local.Tests.Support;

internal static class Emulator
{
    /// <summary>A function that streams each line of its text payload back as its own flushed chunk.</summary>
    public static async Task EchoLines(LocalInvocation invocation, LocalResponseWriter response, CancellationToken cancellationToken)
    {
        foreach (string line in invocation.ReadText().Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            await response.WriteLineAsync(line, cancellationToken);
            await response.FlushAsync(cancellationToken);
        }
    }

    public static Task<LocalLambdaServer> StartAsync(Action<LocalLambdaServerOptions> configure) => LocalLambdaServer.StartAsync(configure);
}
