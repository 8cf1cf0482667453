using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using LambdaStreamGen.Tests.Support;

namespace LambdaStreamGen.Tests.Invocation;

/// <summary>
/// What every request says about itself, as the AWS SDKs' standard retry mode and user-agent rules have it
/// (docs/protocol.md §1): one <c>amz-sdk-invocation-id</c> for all attempts of a call, <c>amz-sdk-request</c> with the
/// attempt and the limit, and a <c>User-Agent</c> that names this library, so that CloudTrail and AWS support can tell
/// its calls apart.
/// </summary>
public sealed partial class RequestIdentityHeaderTests
{
    [Fact]
    public async Task Attempts_of_one_call_share_an_invocation_id_and_count_themselves_and_the_library_names_itself()
    {
        byte[] body = MessageFactory.Encode(MessageFactory.Event("InvokeComplete", "{}"u8.ToArray()));
        var seen = new ConcurrentQueue<(string InvocationId, string Request, string UserAgent, string Authorization)>();
        await using ScriptedServer server = await ScriptedServer.StartAsync(async (context, number) =>
        {
            IHeaderDictionary headers = context.Request.Headers;
            seen.Enqueue((headers["amz-sdk-invocation-id"].ToString(), headers["amz-sdk-request"].ToString(), headers.UserAgent.ToString(), headers.Authorization.ToString()));
            if (number is 1 or 3)
            {
                // Each call's first attempt fails with a retryable error.
                context.Response.StatusCode = 503;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("{\"__type\":\"ServiceException\",\"Message\":\"try again\"}");
                return;
            }

            await ScriptedServer.SendAsync(context, body);
        });
        LambdaStreamingClientOptions options = server.ClientOptions();
        options.MaxAttempts = 3;
        using var client = new LambdaStreamingClient(options);

        for (int call = 0; call < 2; call++)
        {
            await using LambdaResponseStream response = await client.InvokeAsync(new LambdaStreamingRequest("fn"));
            Assert.Equal(2, response.Attempts);
        }

        var requests = seen.ToArray();
        Assert.Equal(4, requests.Length);
        Assert.Equal(["attempt=1; max=3", "attempt=2; max=3", "attempt=1; max=3", "attempt=2; max=3"], requests.Select(r => r.Request));
        Assert.All(requests, r => Assert.True(Guid.TryParse(r.InvocationId, out _), $"'{r.InvocationId}' is not a UUID"));
        Assert.Equal(requests[0].InvocationId, requests[1].InvocationId);
        Assert.Equal(requests[2].InvocationId, requests[3].InvocationId);
        Assert.NotEqual(requests[0].InvocationId, requests[2].InvocationId);

        string version = typeof(LambdaStreamingClient).Assembly.GetName().Version!.ToString(3);
        Assert.All(requests, r => Assert.StartsWith($"lambdastreamgen/{version} lang/dotnet#", r.UserAgent, StringComparison.Ordinal));

        // AWSSDK.Core's signer signs host, content-type and the x-amz-* headers: the rest may change on the way.
        string[] signed = SignedHeaders().Match(requests[0].Authorization).Groups[1].Value.Split(';');
        Assert.Equal(["content-type", "host", "x-amz-content-sha256", "x-amz-date"], signed);
    }

    [Fact]
    public async Task A_user_agent_set_on_the_callers_HttpClient_is_kept_in_front_of_the_librarys()
    {
        byte[] body = MessageFactory.Encode(MessageFactory.Event("InvokeComplete", "{}"u8.ToArray()));
        string? userAgent = null;
        await using ScriptedServer server = await ScriptedServer.StartAsync(async (context, _) =>
        {
            userAgent = context.Request.Headers.UserAgent.ToString();
            await ScriptedServer.SendAsync(context, body);
        });
        using var http = new HttpClient();
        http.DefaultRequestHeaders.UserAgent.ParseAdd("reports-app/2.1");
        using var client = new LambdaStreamingClient(http, server.ClientOptions());

        await using (LambdaResponseStream response = await client.InvokeAsync(new LambdaStreamingRequest("fn")))
        {
            Assert.True(response.StatusCode is System.Net.HttpStatusCode.OK);
        }

        Assert.StartsWith("reports-app/2.1 lambdastreamgen/", userAgent, StringComparison.Ordinal);
    }

    [GeneratedRegex("SignedHeaders=([^,]+)")]
    private static partial Regex SignedHeaders();
}
