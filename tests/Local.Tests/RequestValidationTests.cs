using System.Net;
using System.Text.Json;
using LambdaStreamGen.Local.Tests.Support;

namespace LambdaStreamGen.Local.Tests;

public sealed class RequestValidationTests
{
    [Fact]
    public async Task Unknown_function_is_404_ResourceNotFoundException_with_Lambdas_error_shape()
    {
        await using LocalLambdaServer server = await Emulator.StartAsync(o => o.AddFunction("known", Emulator.EchoLines).WithRawPayloads());
        using var client = new EmulatorClient(server);

        using HttpResponseMessage response = await client.InvokeAsync("unknown");

        await AssertErrorAsync(response, HttpStatusCode.NotFound, "ResourceNotFoundException", "arn:aws:lambda:us-east-1:123456789012:function:unknown");
        Assert.True(response.Headers.Contains("x-amzn-RequestId"));
    }

    [Theory]
    [InlineData("known:7")]
    [InlineData("arn:aws:lambda:eu-west-1:123456789012:function:known")]
    [InlineData("999999999999:function:known")]
    public async Task Unpublished_qualifier_or_another_region_or_account_is_not_found(string functionName)
    {
        await using LocalLambdaServer server = await Emulator.StartAsync(o => o.AddFunction("known", Emulator.EchoLines).WithRawPayloads());
        using var client = new EmulatorClient(server);

        using HttpResponseMessage response = await client.InvokeAsync(functionName);

        await AssertErrorAsync(response, HttpStatusCode.NotFound, "ResourceNotFoundException", "Function not found");
    }

    [Fact]
    public async Task Payload_over_6_MB_is_413_RequestTooLargeException_and_the_function_does_not_run()
    {
        int runs = 0;
        await using LocalLambdaServer server = await Emulator.StartAsync(o => o.AddFunction("f", (_, _, _) =>
        {
            Interlocked.Increment(ref runs);
            return Task.CompletedTask;
        }).WithRawPayloads());
        using var client = new EmulatorClient(server);

        using HttpResponseMessage tooLarge = await client.InvokeAsync("f", new byte[(6 * 1024 * 1024) + 1]);
        using HttpResponseMessage atLimit = await client.InvokeAsync("f", new byte[6 * 1024 * 1024]);

        await AssertErrorAsync(tooLarge, HttpStatusCode.RequestEntityTooLarge, "RequestTooLargeException", "6291456");
        Assert.Equal(HttpStatusCode.OK, atLimit.StatusCode);
        await atLimit.Content.ReadAsByteArrayAsync();
        Assert.Equal(1, runs);
    }

    [Theory]
    [InlineData("f", "?Qualifier=not%20valid", "ValidationException")]
    [InlineData("f:1", "?Qualifier=2", "InvalidParameterValueException")]
    [InlineData("bad name!", null, "ValidationException")]
    public async Task Malformed_function_name_or_qualifier_is_400(string functionName, string? query, string errorType)
    {
        await using LocalLambdaServer server = await Emulator.StartAsync(o => o.AddFunction("f", Emulator.EchoLines).WithRawPayloads().WithVersion("1").WithVersion("2"));
        using var client = new EmulatorClient(server);

        using HttpResponseMessage response = await client.InvokeAsync(functionName, query: query);

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, errorType, string.Empty);
    }

    [Theory]
    [InlineData("X-Amz-Client-Context", "not base64!")]
    [InlineData("X-Amz-Client-Context", "WzEsMl0=")] // base64 of [1,2]: JSON, but not an object
    [InlineData("X-Amz-Invocation-Type", "Event")]
    [InlineData("X-Amz-Log-Type", "Everything")]
    [InlineData("X-Amz-Tenant-Id", "tenant#1")]
    public async Task Malformed_request_header_is_400(string header, string value)
    {
        await using LocalLambdaServer server = await Emulator.StartAsync(o => o.AddFunction("f", Emulator.EchoLines).WithRawPayloads());
        using var client = new EmulatorClient(server);

        using HttpResponseMessage response = await client.InvokeAsync("f", configure: r => r.Headers.TryAddWithoutValidation(header, value));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(Assert.Single(response.Headers.GetValues("X-Amzn-ErrorType")), new[] { "ValidationException", "InvalidParameterValueException" });
    }

    [Fact]
    public async Task Oversized_client_context_is_400()
    {
        await using LocalLambdaServer server = await Emulator.StartAsync(o => o.AddFunction("f", Emulator.EchoLines).WithRawPayloads());
        using var client = new EmulatorClient(server);
        string context = Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["k"] = new string('x', 3000) }));

        using HttpResponseMessage response = await client.InvokeAsync("f", configure: r => r.Headers.Add("X-Amz-Client-Context", context));

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "InvalidParameterValueException", "Client context");
    }

    [Fact]
    public async Task Other_paths_are_not_served()
    {
        await using LocalLambdaServer server = await Emulator.StartAsync(o => o.VerifySignatures = false);
        using var http = new HttpClient { BaseAddress = server.Endpoint };

        using HttpResponseMessage response = await http.PostAsync("2015-03-31/functions/f/invocations", new ByteArrayContent([]));

        await AssertErrorAsync(response, HttpStatusCode.NotFound, "UnknownOperationException", "response-streaming-invocations");
    }

    internal static async Task AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string errorType, string messagePart)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(errorType, Assert.Single(response.Headers.GetValues("X-Amzn-ErrorType")));
        using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(status >= HttpStatusCode.InternalServerError ? "Service" : "User", body.RootElement.GetProperty("Type").GetString());
        Assert.Contains(messagePart, ErrorShapeTests.Message(body.RootElement), StringComparison.Ordinal);
    }
}
