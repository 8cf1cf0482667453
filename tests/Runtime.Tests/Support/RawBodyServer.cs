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
/// A purpose-built Kestrel endpoint on loopback that answers every request with fixed bytes as a 200 event-stream
/// body, sent in pieces of a chosen size: for byte-level cases the emulator would never produce.
/// </summary>
internal sealed class RawBodyServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RawBodyServer(WebApplication app, Uri endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }

    public static async Task<RawBodyServer> StartAsync(byte[] body, int pieceSize = int.MaxValue)
    {
        WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        WebApplication app = builder.Build();
        app.Run(async context =>
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/vnd.amazon.eventstream";
            context.Response.Headers["x-amzn-RequestId"] = "raw-request-id";
            context.Response.Headers["X-Amz-Executed-Version"] = "$LATEST";
            for (int offset = 0; offset < body.Length; offset += pieceSize)
            {
                await context.Response.Body.WriteAsync(body.AsMemory(offset, Math.Min(pieceSize, body.Length - offset)));
                await context.Response.Body.FlushAsync();
            }
        });
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new RawBodyServer(app, new Uri(address.TrimEnd('/') + "/"));
    }

    public LambdaStreamingClientOptions ClientOptions() => new()
    {
        ServiceUrl = Endpoint,
        Region = "us-east-1",
        Credentials = new BasicAWSCredentials("AKIARAWBODYTEST00001", "raw-body-secret"),
        MaxAttempts = 1,
    };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
