using LambdaStreamGen.Local;

namespace LambdaStreamGen.LoadTest;

/// <summary>The functions the load runs call.</summary>
internal static class LoadFunctions
{
    public static void Register(LocalLambdaServerOptions options)
    {
        options.MaxResponseBytes = long.MaxValue;

        // Streams the bytes its spec describes.
        options.AddFunction("spec", StreamSpecAsync).WithRawPayloads();

        // Sends one line, then holds the stream open, silent, until the caller goes away.
        options.AddFunction("idle", async (invocation, response, cancellationToken) =>
        {
            await response.WriteLineAsync("open", cancellationToken);
            await response.FlushAsync(cancellationToken);
            await Task.Delay(Timeout.Infinite, cancellationToken);
        });

        // Streams as many bytes as its payload says, all 'x': one record that never ends.
        options.AddFunction("unbounded", async (invocation, response, cancellationToken) =>
        {
            long total = long.Parse(invocation.ReadText(), System.Globalization.CultureInfo.InvariantCulture);
            byte[] block = new byte[64 * 1024];
            Array.Fill(block, (byte)'x');
            for (long sent = 0; sent < total; sent += block.Length)
            {
                await response.WriteAsync(block.AsMemory(0, (int)Math.Min(block.Length, total - sent)), cancellationToken);
                await response.FlushAsync(cancellationToken);
            }
        }).WithRawPayloads();

        // Streams its spec like "spec", but the stream ends after 64 KiB without InvokeComplete: the soak's error path.
        options.AddFunction("truncated", StreamSpecAsync).WithRawPayloads().InjectFault(LocalFault.EndStreamAfterPayloadBytes(64 * 1024));
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
