using System.Net;
using Amazon.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace LambdaStreamGen.Tests.Support;

/// <summary>
/// A Kestrel endpoint on loopback whose every response is written by a script (given the 1-based request number):
/// resets, stalls, trickles and hostile framing that neither Lambda nor the emulator would send. The 200 status and
/// event-stream headers are set before the script runs.
/// </summary>
internal sealed class ScriptedServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ScriptedServer(WebApplication app, Uri endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    /// <summary>The request id every response carries.</summary>
    public const string RequestId = "raw-request-id";

    public Uri Endpoint { get; }

    public static async Task<ScriptedServer> StartAsync(Func<HttpContext, int, Task> script)
    {
        int requests = 0;
        WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        WebApplication app = builder.Build();
        app.Run(async context =>
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/vnd.amazon.eventstream";
            context.Response.Headers["x-amzn-RequestId"] = RequestId;
            context.Response.Headers["X-Amz-Executed-Version"] = "$LATEST";
            await script(context, Interlocked.Increment(ref requests));
        });
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new ScriptedServer(app, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>A server answering every request with the same body, sent (and flushed) in pieces of a chosen size.</summary>
    public static Task<ScriptedServer> ServingAsync(byte[] body, int pieceSize = int.MaxValue) =>
        StartAsync(async (context, _) =>
        {
            for (int offset = 0; offset < body.Length; offset += pieceSize)
            {
                await SendAsync(context, body.AsMemory(offset, Math.Min(pieceSize, body.Length - offset)));
            }
        });

    /// <summary>Writes bytes and sends them now.</summary>
    public static async Task SendAsync(HttpContext context, ReadOnlyMemory<byte> bytes)
    {
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }

    /// <summary>Holds the connection open, sending nothing, until the client goes away.</summary>
    public static async Task HoldUntilClientLeavesAsync(HttpContext context)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public LambdaStreamingClientOptions ClientOptions() => new()
    {
        ServiceUrl = Endpoint,
        Region = "us-east-1",
        Credentials = new BasicAWSCredentials("AKIASCRIPTEDTEST0001", "scripted-secret"),
        MaxAttempts = 1,
    };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
