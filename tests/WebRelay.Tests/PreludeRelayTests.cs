using System.Net;
using System.Text;
using LambdaStreamGen.AspNetCore;
using LambdaStreamGen.Local;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LambdaStreamGen.WebRelay.Tests;

/// <summary>
/// A raw relay applies a function-URL prelude to its own response only when that prelude is an HTTP response a
/// server can send. A status out of range, a header that would split the response, or one the server refuses to
/// write is a 502 problem naming what was wrong, sent before any byte of the body: never a 500 from inside the
/// relay, never a header the function smuggled in.
/// </summary>
public sealed class PreludeRelayTests
{
    [Theory]
    [InlineData("{\"statusCode\":42}", "statusCode 42 is not an HTTP status code")]
    [InlineData("{\"statusCode\":200,\"headers\":{\"x-note\":\"a\\r\\nSet-Cookie: session=stolen\"}}", "header 'x-note' has a line break or NUL")]
    [InlineData("{\"statusCode\":200,\"cookies\":[\"a=1\\r\\nX-Evil: 1\"]}", "cookie 1 has a line break or NUL")]
    [InlineData("{\"statusCode\":200,\"headers\":{\"x-name\":\"Zoë\"}}", "header 'x-name'")] // non-ASCII: Kestrel refuses to write it
    public async Task A_prelude_no_server_could_send_is_a_502_problem_before_the_body(string prelude, string problem)
    {
        await using Relay relay = await Relay.StartAsync(prelude, "the body");
        using var http = new HttpClient { BaseAddress = relay.Address };

        using HttpResponseMessage response = await http.GetAsync("/");
        string body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(problem, body, StringComparison.Ordinal);
        Assert.DoesNotContain("the body", body, StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.False(response.Headers.Contains("X-Evil"));
        Assert.False(response.Headers.Contains("x-name"));
    }

    [Fact]
    public async Task A_valid_prelude_still_becomes_the_response()
    {
        await using Relay relay = await Relay.StartAsync("{\"statusCode\":418,\"headers\":{\"x-note\":\"tea\"},\"cookies\":[\"a=1\"]}", "short and stout");
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = relay.Address };

        using HttpResponseMessage response = await http.GetAsync("/");

        Assert.Equal((HttpStatusCode)418, response.StatusCode);
        Assert.Equal(["tea"], response.Headers.GetValues("x-note"));
        Assert.Equal(["a=1"], response.Headers.GetValues("Set-Cookie"));
        Assert.Equal("short and stout", await response.Content.ReadAsStringAsync());
    }

    /// <summary>The emulator with one function that sends a fixed prelude and body, and a web app that relays it.</summary>
    private sealed class Relay(WebApplication app, LocalLambdaServer emulator, LambdaStreamingClient client) : IAsyncDisposable
    {
        public Uri Address => new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

        public static async Task<Relay> StartAsync(string prelude, string body)
        {
            LocalLambdaServer emulator = await LocalLambdaServer.StartAsync(options => options.AddFunction("url", async (_, response, ct) =>
            {
                await response.WriteAsync(Encoding.UTF8.GetBytes(prelude), ct);
                await response.WriteAsync(new byte[8], ct);
                await response.WriteAsync(Encoding.UTF8.GetBytes(body), ct);
            }));
            var client = new LambdaStreamingClient(emulator.CreateClientOptions());

            WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            builder.Services.AddProblemDetails();
            WebApplication app = builder.Build();
            app.MapGet("/", (HttpContext http) => LambdaResults.Stream(client.InvokeAsync(new LambdaStreamingRequest("url"), http.RequestAborted), httpIntegrationPrelude: true));
            await app.StartAsync();
            return new Relay(app, emulator, client);
        }

        public async ValueTask DisposeAsync()
        {
            await app.DisposeAsync();
            client.Dispose();
            await emulator.DisposeAsync();
        }
    }
}
