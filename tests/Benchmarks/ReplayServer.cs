using LambdaStreamGen.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace LambdaStreamGen.Benchmarks;

/// <summary>
/// The replay scenario's server (this executable in <c>replay-serve</c> mode, a process of its own): Kestrel answering
/// <c>InvokeWithResponseStream</c> with a pre-encoded <see cref="ReplayBody"/> named by the function name. It checks no
/// signature and encodes nothing, so every client pays the same for the server.
/// </summary>
internal static class ReplayServer
{
    public static async Task ServeAsync()
    {
        Dictionary<string, ReplayBody> bodies = ReplayBody.All.ToDictionary(b => b.Name);
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using WebApplication app = builder.Build();
        app.MapPost("/2021-11-15/functions/{name}/response-streaming-invocations", async (string name, HttpContext http) =>
        {
            if (!bodies.TryGetValue(name, out ReplayBody? body))
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            http.Response.ContentType = "application/vnd.amazon.eventstream";
            http.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
            http.Response.Headers["X-Amz-Executed-Version"] = "$LATEST";
            CancellationToken aborted = http.RequestAborted;
            for (int i = 0; i < body.Repeats; i++)
            {
                await http.Response.Body.WriteAsync(body.Block, aborted);
            }

            await http.Response.Body.WriteAsync(body.Tail, aborted);
        });
        await app.StartAsync();
        await ChildServer.ServeUntilParentLeavesAsync(new Uri(app.Urls.First()));
    }
}
