using LambdaStreamGen.Local;

namespace LambdaStreamGen.LoadTest;

/// <summary>The functions the load runs call.</summary>
internal static class LoadFunctions
{
    public static void Register(LocalLambdaServerOptions options)
    {
        options.MaxResponseBytes = long.MaxValue;

        // Streams the bytes its spec describes.
        options.AddFunction("spec", StreamSpecAsync);

        // Sends one line, then holds the stream open, silent, until the caller goes away.
        options.AddFunction("idle", async (invocation, response, cancellationToken) =>
        {
            await response.WriteLineAsync("open", cancellationToken);
            await response.FlushAsync(cancellationToken);
            await Task.Delay(Timeout.Infinite, cancellationToken);
        });

        // Streams its spec like "spec", but the stream ends after 64 KiB without InvokeComplete: the soak's error path.
        options.AddFunction("truncated", StreamSpecAsync).InjectFault(LocalFault.EndStreamAfterPayloadBytes(64 * 1024));
    }

    private static async Task StreamSpecAsync(LocalInvocation invocation, LocalResponseWriter response, CancellationToken cancellationToken)
    {
        StreamSpec spec = StreamSpec.Parse(invocation.ReadText());
        byte[] block = new byte[spec.ChunkSize];
        for (long offset = 0; offset < spec.Length; offset += spec.ChunkSize)
        {
            int size = (int)Math.Min(spec.ChunkSize, spec.Length - offset);
            spec.Fill(block.AsSpan(0, size), offset);
            await response.WriteAsync(block.AsMemory(0, size), cancellationToken);
            await response.FlushAsync(cancellationToken);
        }
    }
}
