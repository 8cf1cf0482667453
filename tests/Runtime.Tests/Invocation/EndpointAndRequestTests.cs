using LambdaStreamGen.Invocation;
using LambdaStreamGen.Tests.Support;

namespace LambdaStreamGen.Tests.Invocation;

public sealed class EndpointAndRequestTests
{
    [Fact]
    public void Region_comes_from_options_then_AWS_REGION_then_AWS_DEFAULT_REGION_then_the_profile()
    {
        // Instance metadata, the last step of the chain, is off here: it is tested in a child process against a
        // metadata server on loopback (QuickstartTests), never against the link-local address.
        var environment = new Dictionary<string, string?> { ["AWS_REGION"] = "eu-west-1", ["AWS_DEFAULT_REGION"] = "eu-west-2", ["AWS_PROFILE"] = "work", ["AWS_EC2_METADATA_DISABLED"] = "true" };
        string? Env(string name) => environment.GetValueOrDefault(name);
        string? Profile(string name) => name == "work" ? "ap-south-1" : null;

        Assert.Equal("sa-east-1", LambdaEndpointResolver.ResolveRegion("sa-east-1", Env, Profile));
        Assert.Equal("eu-west-1", LambdaEndpointResolver.ResolveRegion(null, Env, Profile));
        environment.Remove("AWS_REGION");
        Assert.Equal("eu-west-2", LambdaEndpointResolver.ResolveRegion(null, Env, Profile));
        environment.Remove("AWS_DEFAULT_REGION");
        Assert.Equal("ap-south-1", LambdaEndpointResolver.ResolveRegion(null, Env, Profile));
        environment.Remove("AWS_PROFILE");
        var exception = Assert.Throws<InvalidOperationException>(() => LambdaEndpointResolver.ResolveRegion(null, Env, Profile));
        Assert.Contains("AWS_REGION", exception.Message, StringComparison.Ordinal);
        Assert.Contains("'default' profile", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("my-function", "my-function", null)]
    [InlineData("my-function:live", "my-function", "live")]
    [InlineData("123456789012:function:my-function", "my-function", null)]
    [InlineData("arn:aws:lambda:us-west-2:123456789012:function:my-function:$LATEST", "my-function", "$LATEST")]
    [InlineData("arn:aws-cn:lambda:cn-north-1:123456789012:function:f_1:7", "f_1", "7")]
    public void Valid_function_names_parse(string value, string name, string? qualifier)
    {
        var request = new LambdaStreamingRequest(value);

        Assert.Equal(name, request.Address.Name);
        Assert.Equal(qualifier, request.Address.Qualifier);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("arn:aws:s3:::bucket")]
    [InlineData("f:qual:extra")]
    [InlineData("a-function-name-that-is-far-too-long-for-lambda-to-accept-as-a-name")]
    public void Invalid_function_names_are_rejected_locally_with_a_clear_message(string value)
    {
        var exception = Assert.Throws<ArgumentException>(() => new LambdaStreamingRequest(value));

        Assert.Equal("functionName", exception.ParamName);
        Assert.False(string.IsNullOrWhiteSpace(exception.Message));
    }

    [Fact]
    public void Qualifier_must_be_valid_and_agree_with_the_name()
    {
        Assert.Throws<ArgumentException>(() => new LambdaStreamingRequest("f") { Qualifier = "not valid" });
        Assert.Throws<ArgumentException>(() => new LambdaStreamingRequest("f:1") { Qualifier = "2" });
        Assert.Equal("1", new LambdaStreamingRequest("f:1") { Qualifier = "1" }.Qualifier);
    }

    [Fact]
    public void Client_context_must_be_a_small_json_object()
    {
        var request = new LambdaStreamingRequest("f");

        Assert.Throws<ArgumentException>(() => request.ClientContextJson = "[1,2]");
        Assert.Throws<ArgumentException>(() => request.ClientContextJson = "{not json");
        var tooLarge = Assert.Throws<ArgumentException>(() => request.ClientContextJson = "{\"k\":\"" + new string('x', 3000) + "\"}");
        Assert.Contains("3583", tooLarge.Message, StringComparison.Ordinal);
        request.ClientContextJson = "{\"custom\":{\"a\":1}}";
        Assert.Equal("{\"custom\":{\"a\":1}}", request.ClientContextJson);
    }

    [Fact]
    public void Tenant_id_is_validated()
    {
        Assert.Throws<ArgumentException>(() => new LambdaStreamingRequest("f") { TenantId = "bad#tenant" });
        Assert.Equal("ok tenant@x", new LambdaStreamingRequest("f") { TenantId = "ok tenant@x" }.TenantId);
    }

    [Fact]
    public void Options_reject_contradictions()
    {
        Assert.Throws<ArgumentException>(() => new LambdaStreamingClient(new LambdaStreamingClientOptions { ServiceUrl = new Uri("http://localhost/"), UseFips = true }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LambdaStreamingClient(new LambdaStreamingClientOptions { MaxAttempts = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LambdaStreamingClient(new LambdaStreamingClientOptions { IdleTimeout = TimeSpan.Zero }));
    }

    [Theory]
    [InlineData("com.amazonaws.lambda#ResourceNotFoundException:extra-info", "ResourceNotFoundException")]
    [InlineData("TooManyRequestsException", "TooManyRequestsException")]
    [InlineData("ServiceException,more", "ServiceException")]
    public void Error_codes_are_sanitized_as_restJson1_says(string raw, string expected)
    {
        Assert.Equal(expected, ServiceErrorReader.Sanitize(raw));
    }

    [Fact]
    public void A_null_payload_is_JSON_null_for_JSON_and_an_error_for_text()
    {
        var request = new LambdaStreamingRequest("fn").WithJsonPayload<Row?>(null, TestJsonContext.Default.Row!);

        Assert.Equal("null", System.Text.Encoding.UTF8.GetString(request.Payload.Span));
        Assert.Throws<ArgumentNullException>(() => new LambdaStreamingRequest("fn").WithTextPayload(null!));
    }

    [Fact]
    public void A_type_missing_from_a_JSON_context_is_named_as_the_user_writes_it()
    {
        var exception = Assert.Throws<InvalidOperationException>(() => GeneratedClientSupport.TypeInfo<int?>(TestJsonContext.Default));

        Assert.Contains("[JsonSerializable(typeof(Int32?))]", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Nullable`1", exception.Message, StringComparison.Ordinal);
    }
}
