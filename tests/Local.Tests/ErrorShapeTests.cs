using System.Net;
using System.Text.Json;
using LambdaStreamGen.Local.Tests.Support;

namespace LambdaStreamGen.Local.Tests;

/// <summary>
/// Every error the emulator answers carries <c>Type</c> and its message under the key that error's shape uses in
/// Lambda's service model (<c>Message</c> for most, <c>message</c> for some), checked against a table of the model's
/// facts, plus the ARNs in not-found messages and the stream's declared content type.
/// </summary>
public sealed class ErrorShapeTests
{
    // Error code → HTTP status, and the message key of its shape in the Lambda model (docs/protocol.md §2.4).
    public static TheoryData<string, int, string> ModeledErrors => new()
    {
        { "ResourceNotFoundException", 404, "Message" },
        { "ServiceException", 500, "Message" },
        { "EC2ThrottledException", 502, "Message" },
        { "EC2UnexpectedException", 502, "Message" },
        { "KMSAccessDeniedException", 502, "Message" },
        { "EFSMountTimeoutException", 408, "Message" },
        { "SnapStartNotReadyException", 409, "Message" },
        { "RecursiveInvocationException", 400, "Message" },
        { "InvalidParameterValueException", 400, "message" },
        { "InvalidRequestContentException", 400, "message" },
        { "RequestTooLargeException", 413, "message" },
        { "UnsupportedMediaTypeException", 415, "message" },
        { "ResourceConflictException", 409, "message" },
        { "ResourceNotReadyException", 502, "message" },
        { "TooManyRequestsException", 429, "message" },
    };

    [Theory]
    [MemberData(nameof(ModeledErrors))]
    public async Task Each_modeled_error_carries_Type_and_its_models_message_key(string code, int status, string key)
    {
        await using LocalLambdaServer server = await Emulator.StartAsync(o => o.AddFunction("fn", Emulator.EchoLines).WithRawPayloads().InjectFault(LocalFault.ServiceError(status, code, "injected failure")));
        using var client = new EmulatorClient(server);

        using HttpResponseMessage response = await client.InvokeAsync("fn");
        using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal((HttpStatusCode)status, response.StatusCode);
        Assert.Equal(code, Assert.Single(response.Headers.GetValues("X-Amzn-ErrorType")));
        Assert.Equal(status >= 500 ? "Service" : "User", body.RootElement.GetProperty("Type").GetString());
        Assert.Equal("injected failure", body.RootElement.GetProperty(key).GetString());
        Assert.False(body.RootElement.TryGetProperty(key == "Message" ? "message" : "Message", out _), "the message must appear under one key only");
    }

    [Fact]
    public async Task Throttling_carries_its_Reason_and_Retry_After()
    {
        await using LocalLambdaServer server = await Emulator.StartAsync(o => o.AddFunction("fn", Emulator.EchoLines).WithRawPayloads().InjectFault(LocalFault.Throttle(TimeSpan.FromSeconds(3))));
        using var client = new EmulatorClient(server);

        using HttpResponseMessage response = await client.InvokeAsync("fn");
        using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(3), response.Headers.RetryAfter?.Delta);
        Assert.Equal("ReservedFunctionConcurrentInvocationLimitExceeded", body.RootElement.GetProperty("Reason").GetString());
        Assert.Equal("Rate Exceeded.", body.RootElement.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("us-east-1", "missing", "arn:aws:lambda:us-east-1:123456789012:function:missing")]
    [InlineData("cn-north-1", "missing", "arn:aws-cn:lambda:cn-north-1:123456789012:function:missing")]
    [InlineData("us-gov-west-1", "missing:live", "arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:missing:live")]
    [InlineData("us-isob-east-1", "missing", "arn:aws-iso-b:lambda:us-isob-east-1:123456789012:function:missing")]
    [InlineData("us-east-1", "arn:aws-iso:lambda:us-iso-east-1:123456789012:function:fn", "arn:aws-iso:lambda:us-iso-east-1:123456789012:function:fn")]
    public async Task Not_found_messages_name_the_ARN_in_the_callers_partition(string region, string functionName, string arn)
    {
        await using LocalLambdaServer server = await Emulator.StartAsync(o =>
        {
            o.Region = region;
            o.AddFunction("fn", Emulator.EchoLines).WithRawPayloads();
        });
        using var client = new EmulatorClient(server);

        using HttpResponseMessage response = await client.InvokeAsync(functionName);
        using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal($"Function not found: {arn}", body.RootElement.GetProperty("Message").GetString());
    }

    [Theory]
    [InlineData(null, "application/octet-stream")]
    [InlineData("application/x-ndjson", "application/x-ndjson")]
    [InlineData("application/vnd.awslambda.http-integration-response", "application/vnd.awslambda.http-integration-response")]
    public async Task The_response_content_type_is_the_streams_declared_type(string? declared, string expected)
    {
        await using LocalLambdaServer server = await Emulator.StartAsync(o =>
        {
            LocalFunction function = o.AddFunction("fn", Emulator.EchoLines).WithRawPayloads();
            if (declared is not null)
            {
                function.WithStreamContentType(declared);
            }
        });
        using var lambda = new LambdaStreamingClient(server.CreateClientOptions());

        await using LambdaResponseStream response = await lambda.InvokeAsync(new LambdaStreamingRequest("fn").WithTextPayload("a"));

        Assert.Equal(expected, response.ContentType);
        Assert.Equal(["a"], await response.ReadTextLinesAsync().ToListAsync());
    }

    [Theory]
    [InlineData("not json", false)]
    [InlineData("{\"open\":", false)]
    [InlineData("{\"rows\":3}", true)]
    [InlineData("\"a JSON string\"", true)]
    [InlineData("", true)]
    public async Task A_payload_that_is_not_JSON_is_refused_as_Lambda_does_unless_the_function_takes_raw_payloads(string payload, bool json)
    {
        int runs = 0;
        await using LocalLambdaServer server = await Emulator.StartAsync(o =>
        {
            o.AddFunction("strict", (_, _, _) => Task.FromResult(Interlocked.Increment(ref runs)));
            o.AddFunction("raw", (_, _, _) => Task.FromResult(Interlocked.Increment(ref runs))).WithRawPayloads();
        });
        using var client = new EmulatorClient(server);

        using HttpResponseMessage strict = await client.InvokeAsync("strict", System.Text.Encoding.UTF8.GetBytes(payload));
        using HttpResponseMessage raw = await client.InvokeAsync("raw", System.Text.Encoding.UTF8.GetBytes(payload));
        await strict.Content.ReadAsByteArrayAsync();
        await raw.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, raw.StatusCode);
        if (json)
        {
            Assert.Equal(HttpStatusCode.OK, strict.StatusCode);
            Assert.Equal(2, runs);
        }
        else
        {
            await RequestValidationTests.AssertErrorAsync(strict, HttpStatusCode.BadRequest, "InvalidRequestContentException", "Could not parse request body into json");
            Assert.Equal(1, runs);
        }
    }

    /// <summary>The message of an error body, under whichever key its shape uses.</summary>
    internal static string? Message(JsonElement body) =>
        body.TryGetProperty("Message", out JsonElement capital) ? capital.GetString() : body.GetProperty("message").GetString();
}
