using Amazon.Runtime;
using LambdaStreamGen.Local;
using LambdaStreamGen.Tests.Support;

namespace LambdaStreamGen.Tests.Invocation;

/// <summary>
/// Credentials and region are resolved per call: a first call that finds none fails alone, and the same client works
/// once they exist. The tests name a profile that does not exist (so the shared files of the machine are never used)
/// and turn instance metadata off, so nothing leaves this machine. (A temporary profile file cannot be used here:
/// AWSSDK.Core fixes the shared files' locations when it starts; QuickstartTests covers profiles in a child process.)
/// </summary>
[Collection(ProcessEnvironment.Name)]
public sealed class CredentialAndRegionResolutionTests
{
    [Fact]
    public async Task Credentials_missing_on_the_first_call_are_found_by_the_next_one_on_the_same_client()
    {
        await using LocalLambdaServer server = await LocalLambdaServer.StartAsync(o => o.AddFunction("echo", ClientFixture.EchoLines).WithRawPayloads());
        using IDisposable environment = ProcessEnvironment.Set(Isolated());
        using var client = new LambdaStreamingClient(new LambdaStreamingClientOptions { ServiceUrl = server.Endpoint, Region = "us-east-1" });

        await Assert.ThrowsAnyAsync<AmazonClientException>(() => client.InvokeAsync(new LambdaStreamingRequest("echo")));

        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", LocalCredentials.Test.AccessKeyId);
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", LocalCredentials.Test.SecretAccessKey);
        await using LambdaResponseStream response = await client.InvokeAsync(new LambdaStreamingRequest("echo").WithTextPayload("found"));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public void A_region_missing_at_first_is_found_later_by_the_same_client()
    {
        using IDisposable environment = ProcessEnvironment.Set(Isolated());
        using var client = new LambdaStreamingClient(new LambdaStreamingClientOptions { Credentials = new AnonymousAWSCredentials() });

        var missing = Assert.Throws<InvalidOperationException>(() => client.Endpoint);
        Assert.Contains("No AWS region is configured", missing.Message, StringComparison.Ordinal);

        Environment.SetEnvironmentVariable("AWS_DEFAULT_REGION", "ap-southeast-2");
        Assert.Equal(new Uri("https://lambda.ap-southeast-2.amazonaws.com/"), client.Endpoint);
    }

    [Fact]
    public async Task A_custom_endpoint_that_names_no_region_is_signed_for_us_east_1_with_no_region_anywhere()
    {
        await using LocalLambdaServer server = await LocalLambdaServer.StartAsync(o => o.AddFunction("echo", ClientFixture.EchoLines).WithRawPayloads());
        using IDisposable environment = ProcessEnvironment.Set(Isolated());
        using var client = new LambdaStreamingClient(new LambdaStreamingClientOptions
        {
            ServiceUrl = server.Endpoint,
            Credentials = new BasicAWSCredentials(LocalCredentials.Test.AccessKeyId, LocalCredentials.Test.SecretAccessKey),
        });

        // The emulator verifies signatures for its region, us-east-1: the call succeeds only if signed for it.
        await using LambdaResponseStream response = await client.InvokeAsync(new LambdaStreamingRequest("echo").WithTextPayload("signed"));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_custom_endpoint_whose_host_names_a_region_is_signed_for_that_region()
    {
        await using LocalLambdaServer server = await LocalLambdaServer.StartAsync(o =>
        {
            o.Region = "eu-central-1";
            o.AddFunction("echo", ClientFixture.EchoLines).WithRawPayloads();
        });
        using IDisposable environment = ProcessEnvironment.Set(Isolated());

        // The URL names Lambda's eu-central-1 host; the connection goes to the emulator on loopback.
        var loopback = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, server.Endpoint.Port);
        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, token) =>
            {
                var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
                await socket.ConnectAsync(loopback, token);
                return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
            },
        };
        using var http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        using var client = new LambdaStreamingClient(http, new LambdaStreamingClientOptions
        {
            ServiceUrl = new Uri($"http://lambda.eu-central-1.amazonaws.com:{server.Endpoint.Port}/"),
            Credentials = new BasicAWSCredentials(LocalCredentials.Test.AccessKeyId, LocalCredentials.Test.SecretAccessKey),
        });

        await using LambdaResponseStream response = await client.InvokeAsync(new LambdaStreamingRequest("echo").WithTextPayload("signed"));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }

    // Every variable the default chains read, cleared or pointed at a profile no machine has; instance metadata off.
    private static Dictionary<string, string?> Isolated() => new()
    {
        ["AWS_PROFILE"] = "lambdastreamgen-test-" + Guid.NewGuid().ToString("N"),
        ["AWS_EC2_METADATA_DISABLED"] = "true",
        ["AWS_ACCESS_KEY_ID"] = null,
        ["AWS_SECRET_ACCESS_KEY"] = null,
        ["AWS_SESSION_TOKEN"] = null,
        ["AWS_WEB_IDENTITY_TOKEN_FILE"] = null,
        ["AWS_ROLE_ARN"] = null,
        ["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] = null,
        ["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = null,
        ["AWS_REGION"] = null,
        ["AWS_DEFAULT_REGION"] = null,
    };
}
