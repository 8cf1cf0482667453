using System.Net;
using Amazon.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace LambdaStreamGen.Local;

/// <summary>
/// A local AWS Lambda response-streaming emulator: a real Kestrel server (loopback by default) that serves
/// <c>InvokeWithResponseStream</c> exactly as Lambda does, hosting .NET handler delegates. Point any client at
/// <see cref="Endpoint"/> with <see cref="LocalCredentials.Test"/> and region <see cref="LocalLambdaServerOptions.Region"/>.
/// </summary>
/// <example>
/// <code>
/// await using var server = await LocalLambdaServer.StartAsync(options =>
///     options.AddFunction("report-fn", async (invocation, response, cancellationToken) =>
///     {
///         await response.WriteLineAsync("hello", cancellationToken);
///         await response.FlushAsync(cancellationToken);
///     }));
/// </code>
/// </example>
public sealed class LocalLambdaServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LocalLambdaServer(WebApplication app, LocalLambdaServerOptions options, Uri endpoint)
    {
        _app = app;
        Options = options;
        Endpoint = endpoint;
    }

    /// <summary>The base URI clients send requests to, for example <c>http://127.0.0.1:49152/</c>.</summary>
    public Uri Endpoint { get; }

    /// <summary>The options the server runs with; functions can still get faults injected through them.</summary>
    public LocalLambdaServerOptions Options { get; }

    /// <summary>
    /// Client options that point at this server: its endpoint, its region and the first accepted credentials (with
    /// their session token when they have one).
    /// </summary>
    /// <returns>Options for a <see cref="LambdaStreamingClient"/>.</returns>
    public LambdaStreamingClientOptions CreateClientOptions()
    {
        LocalCredentials credentials = Options.Credentials.FirstOrDefault() ?? LocalCredentials.Test;
        return new LambdaStreamingClientOptions
        {
            ServiceUrl = Endpoint,
            Region = Options.Region,
            Credentials = credentials.SessionToken is null
                ? new BasicAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey)
                : new SessionAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken),
        };
    }

    /// <summary>Starts a server and waits until it accepts connections.</summary>
    /// <param name="configure">Registers functions and sets options.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running server; dispose it to stop.</returns>
    public static async Task<LocalLambdaServer> StartAsync(Action<LocalLambdaServerOptions> configure, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var options = new LocalLambdaServerOptions();
        configure(options);

        WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(options.BindAddress, options.Port);
            kestrel.AddServerHeader = false;

            // Lambda enforces its own 6 MB request limit (answered as RequestTooLargeException, not a bare 413), and
            // a slow reader must be able to apply back-pressure for as long as it likes.
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Limits.MinResponseDataRate = null;
        });
        builder.Services.AddRouting();
        WebApplication app = builder.Build();
        TimeProvider clock = options.ClockOffset == TimeSpan.Zero ? TimeProvider.System : new OffsetTimeProvider(options.ClockOffset);
        var endpoint = new InvokeEndpoint(options, clock);

        // Every response says the emulator's time, as Lambda's do: a client with a skewed clock learns the offset here.
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                context.Response.Headers.Date = clock.GetUtcNow().ToString("r", System.Globalization.CultureInfo.InvariantCulture);
                return Task.CompletedTask;
            });
            return next(context);
        });
        app.Run(endpoint.HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);

        string address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        var uri = new Uri(address.EndsWith('/') ? address : address + "/");
        if (!IPAddress.IsLoopback(options.BindAddress))
        {
            await options.Warnings.WriteLineAsync(
                $"warning: the local Lambda emulator is listening on {uri}, which is not a loopback address: other machines can reach it, and it accepts the test credentials.").ConfigureAwait(false);
        }

        return new LocalLambdaServer(app, options, uri);
    }

    /// <summary>Stops the server, ending open streams.</summary>
    /// <returns>A task that completes when the server has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
