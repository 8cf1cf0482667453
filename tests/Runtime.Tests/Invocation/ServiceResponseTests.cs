using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using LambdaStreamGen.Tests.Support;

namespace LambdaStreamGen.Tests.Invocation;

/// <summary>
/// What the client keeps of the service's answers, over real HTTP from a scripted loopback server: any 2xx starts a
/// stream, and an error keeps everything the service said (docs/protocol.md §2.1, §2.4).
/// </summary>
public sealed class ServiceResponseTests
{
    [Theory]
    [InlineData(200)]
    [InlineData(202)]
    [InlineData(206)]
    public async Task Any_2xx_with_a_body_is_a_stream(int status)
    {
        byte[] body = MessageFactory.Encode(
            MessageFactory.Event("PayloadChunk", Encoding.UTF8.GetBytes("hello\n")),
            MessageFactory.Event("InvokeComplete", "{}"u8.ToArray()));
        await using ScriptedServer server = await ScriptedServer.StartAsync(async (context, _) =>
        {
            context.Response.StatusCode = status;
            await ScriptedServer.SendAsync(context, body);
        });
        using var client = new LambdaStreamingClient(server.ClientOptions());

        await using LambdaResponseStream response = await client.InvokeAsync(new LambdaStreamingRequest("fn"));
        List<string> lines = [];
        await foreach (string line in response.ReadTextLinesAsync())
        {
            lines.Add(line);
        }

        Assert.Equal((HttpStatusCode)status, response.StatusCode);
        Assert.Equal(["hello"], lines);
        Assert.True(response.IsCompleted);
    }

    [Fact]
    public async Task A_service_error_keeps_its_type_code_reason_EC2_code_and_request_id()
    {
        await using ScriptedServer server = await ScriptedServer.StartAsync(async (context, _) =>
        {
            context.Response.StatusCode = 502;
            context.Response.ContentType = "application/json";
            context.Response.Headers["x-amzn-RequestId"] = "req-502";
            await context.Response.WriteAsync("{\"__type\":\"com.amazonaws.lambda#EC2UnexpectedException:http://internal\",\"Type\":\"Service\",\"Message\":\"EC2 said no\",\"EC2ErrorCode\":\"InsufficientInstanceCapacity\"}");
        });
        LambdaStreamingClientOptions options = server.ClientOptions();
        options.MaxAttempts = 1;
        using var client = new LambdaStreamingClient(options);

        var exception = await Assert.ThrowsAsync<LambdaServiceException>(() => client.InvokeAsync(new LambdaStreamingRequest("fn")));

        Assert.Equal(HttpStatusCode.BadGateway, exception.StatusCode);
        Assert.Equal("EC2UnexpectedException", exception.ErrorCode);
        Assert.Equal("EC2 said no", exception.ErrorMessage);
        Assert.Equal("Service", exception.ErrorType);
        Assert.Equal("InsufficientInstanceCapacity", exception.EC2ErrorCode);
        Assert.Equal("req-502", exception.RequestId);
        Assert.Equal("fn", exception.FunctionName);
    }

    [Fact]
    public async Task The_error_type_header_wins_over_the_body_and_x_amz_retry_after_is_read_in_milliseconds()
    {
        await using ScriptedServer server = await ScriptedServer.StartAsync(async (context, _) =>
        {
            context.Response.StatusCode = 429;
            context.Response.Headers["X-Amzn-ErrorType"] = "TooManyRequestsException:http://internal/";
            context.Response.Headers["x-amz-retry-after"] = "1500";
            await context.Response.WriteAsync("{\"code\":\"SomethingElse\",\"Type\":\"User\",\"message\":\"Rate Exceeded.\",\"Reason\":\"CallerRateLimitExceeded\"}");
        });
        var options = server.ClientOptions();
        options.MaxAttempts = 1;
        using var client = new LambdaStreamingClient(options);

        var exception = await Assert.ThrowsAsync<LambdaServiceException>(() => client.InvokeAsync(new LambdaStreamingRequest("fn")));

        Assert.Equal("TooManyRequestsException", exception.ErrorCode);
        Assert.Equal("CallerRateLimitExceeded", exception.ThrottlingReason);
        Assert.Equal("User", exception.ErrorType);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), exception.RetryAfter);
        Assert.True(exception.IsThrottling);
    }
}
