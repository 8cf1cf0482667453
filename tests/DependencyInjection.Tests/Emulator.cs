using System.Text.Json;
using Amazon.Runtime;
using LambdaStreamGen.Local;

namespace LambdaStreamGen.DependencyInjection.Tests;

/// <summary>The emulator with the functions these tests call, and what the last invocation carried.</summary>
internal sealed class Emulator : IAsyncDisposable
{
    private Emulator(LocalLambdaServer server) => Server = server;

    public LocalLambdaServer Server { get; }

    public Uri Endpoint => Server.Endpoint;

    public LocalFunction Rows => Server.Options.Functions["rows"];

    /// <summary>The X-Amzn-Trace-Id header of the last invocation of any function (null when none was sent).</summary>
    public string? LastTraceHeader { get; private set; }

    public static BasicAWSCredentials Credentials { get; } = new(LocalCredentials.Test.AccessKeyId, LocalCredentials.Test.SecretAccessKey);

    public static async Task<Emulator> StartAsync()
    {
        Emulator? emulator = null;
        LocalLambdaServer server = await LocalLambdaServer.StartAsync(options =>
        {
            options.Warnings = TextWriter.Null;
            options.AddFunction("rows", async (invocation, response, ct) =>
            {
                emulator!.LastTraceHeader = invocation.TraceHeader;
                RowQuery query = invocation.ReadJson(TestJsonContext.Default.RowQuery)!;
                for (int i = 0; i < query.Rows; i++)
                {
                    if (i == query.FailAfter)
                    {
                        throw new InvalidOperationException($"row {i} could not be produced");
                    }

                    await response.WriteLineAsync(JsonSerializer.Serialize(new Row(i, $"row {i}"), TestJsonContext.Default.Row), ct);
                    await response.FlushAsync(ct);
                    if (query.DelayMilliseconds > 0)
                    {
                        await Task.Delay(query.DelayMilliseconds, ct);
                    }
                }
            });
            options.AddFunction("lines", async (invocation, response, ct) =>
            {
                emulator!.LastTraceHeader = invocation.TraceHeader;
                await response.WriteLineAsync("first", ct);
                await response.WriteLineAsync("second", ct);
            });
        });
        emulator = new Emulator(server);
        return emulator;
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
