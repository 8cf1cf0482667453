using System.Net;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using LambdaStreamGen.Local.Tests.Support;

namespace LambdaStreamGen.Local.Tests;

public sealed class SignatureVerificationTests
{
    [Fact]
    public async Task Unsigned_request_is_403_MissingAuthenticationToken_and_nothing_runs()
    {
        int runs = 0;
        await using LocalLambdaServer server = await Emulator.StartAsync(o => o.AddFunction("f", CountRuns(() => runs++)));
        using var client = new EmulatorClient(server, sign: false);

        using HttpResponseMessage response = await client.InvokeAsync("f");

        await RequestValidationTests.AssertErrorAsync(response, HttpStatusCode.Forbidden, "MissingAuthenticationTokenException", "Missing Authentication Token");
        Assert.Equal(0, runs);
    }

    [Fact]
    public async Task Request_signed_with_the_wrong_secret_is_403_InvalidSignature_and_nothing_runs()
    {
        int runs = 0;
        await using LocalLambdaServer server = await Emulator.StartAsync(o => o.AddFunction("f", CountRuns(() => runs++)));
        using var client = new EmulatorClient(server, new BasicAWSCredentials(LocalCredentials.Test.AccessKeyId, "not-the-secret"));

        using HttpResponseMessage response = await client.InvokeAsync("f", "payload"u8.ToArray());

        await RequestValidationTests.AssertErrorAsync(response, HttpStatusCode.Forbidden, "InvalidSignatureException", "signature we calculated does not match");
        Assert.Equal(0, runs);
    }

    [Fact]
    public async Task Unknown_access_key_is_403_UnrecognizedClient()
    {
        await using LocalLambdaServer server = await Emulator.StartAsync(o => o.AddFunction("f", Emulator.EchoLines).WithRawPayloads());
        using var client = new EmulatorClient(server, new BasicAWSCredentials("AKIAUNKNOWNKEY000000", LocalCredentials.Test.SecretAccessKey));

        using HttpResponseMessage response = await client.InvokeAsync("f");

        await RequestValidationTests.AssertErrorAsync(response, HttpStatusCode.Forbidden, "UnrecognizedClientException", "security token");
    }

    [Fact]
    public async Task Session_credentials_are_accepted_only_with_their_token()
    {
        var temporary = new LocalCredentials("ASIALOCALSESSION0001", "session-secret", "session-token-123");
        await using LocalLambdaServer server = await Emulator.StartAsync(o =>
        {
            o.Credentials.Add(temporary);
            o.AddFunction("f", Emulator.EchoLines).WithRawPayloads();
        });
        using var good = new EmulatorClient(server, new SessionAWSCredentials(temporary.AccessKeyId, temporary.SecretAccessKey, temporary.SessionToken));
        using var wrongToken = new EmulatorClient(server, new SessionAWSCredentials(temporary.AccessKeyId, temporary.SecretAccessKey, "stolen"));

        using HttpResponseMessage accepted = await good.InvokeAsync("arn:aws:lambda:us-east-1:123456789012:function:f", "x\n"u8.ToArray(), query: "?Qualifier=%24LATEST");
        using HttpResponseMessage rejected = await wrongToken.InvokeAsync("f");

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal("x\n", Events.PayloadText(await good.ReadEventsAsync(accepted)));
        Assert.Equal(HttpStatusCode.Forbidden, rejected.StatusCode);
    }

    [Fact]
    public async Task Signature_scoped_to_another_region_is_rejected()
    {
        await using LocalLambdaServer server = await Emulator.StartAsync(o =>
        {
            o.Region = "eu-west-1";
            o.AddFunction("f", Emulator.EchoLines).WithRawPayloads();
        });
        using HttpClient usEast1 = SignedClient(server, new AWSSigV4Parameters { Credentials = TestCredentials, Region = Amazon.RegionEndpoint.USEast1, Service = "lambda" });

        using HttpResponseMessage response = await usEast1.PostAsync(EmulatorClient.PathFor("f"), new ByteArrayContent([]));

        await RequestValidationTests.AssertErrorAsync(response, HttpStatusCode.Forbidden, "InvalidSignatureException", "region");
    }

    [Fact]
    public async Task Signature_older_than_the_allowed_clock_skew_is_rejected()
    {
        await using LocalLambdaServer server = await Emulator.StartAsync(o => o.AddFunction("f", Emulator.EchoLines).WithRawPayloads());
        using HttpClient stale = SignedClient(server, new AWSSigV4Parameters { Credentials = TestCredentials, Region = Amazon.RegionEndpoint.USEast1, Service = "lambda", SignedAt = DateTime.UtcNow.AddMinutes(-6) });
        using HttpClient recent = SignedClient(server, new AWSSigV4Parameters { Credentials = TestCredentials, Region = Amazon.RegionEndpoint.USEast1, Service = "lambda", SignedAt = DateTime.UtcNow.AddMinutes(-4) });

        using HttpResponseMessage rejected = await stale.PostAsync(EmulatorClient.PathFor("f"), new ByteArrayContent([]));
        using HttpResponseMessage accepted = await recent.PostAsync(EmulatorClient.PathFor("f"), new ByteArrayContent([]));

        await RequestValidationTests.AssertErrorAsync(rejected, HttpStatusCode.Forbidden, "InvalidSignatureException", "Signature expired");
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Fact]
    public async Task Verification_can_be_switched_off()
    {
        await using LocalLambdaServer server = await Emulator.StartAsync(o =>
        {
            o.VerifySignatures = false;
            o.AddFunction("f", Emulator.EchoLines).WithRawPayloads();
        });
        using var client = new EmulatorClient(server, sign: false);

        using HttpResponseMessage response = await client.InvokeAsync("f", "ok\n"u8.ToArray());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok\n", Events.PayloadText(await client.ReadEventsAsync(response)));
    }

    [Fact]
    public void Credentials_never_print_their_secret()
    {
        var credentials = new LocalCredentials("AKIAPRINTTEST0000001", "very-secret-value", "token-value");

        string text = credentials.ToString();

        Assert.Contains("AKIAPRINTTEST0000001", text, StringComparison.Ordinal);
        Assert.DoesNotContain("very-secret-value", text, StringComparison.Ordinal);
        Assert.DoesNotContain("token-value", text, StringComparison.Ordinal);
    }

    private static readonly BasicAWSCredentials TestCredentials = new(LocalCredentials.Test.AccessKeyId, LocalCredentials.Test.SecretAccessKey);

    private static HttpClient SignedClient(LocalLambdaServer server, AWSSigV4Parameters parameters) =>
        new(new SigV4SigningHandler(parameters, new SocketsHttpHandler())) { BaseAddress = server.Endpoint };

    private static LocalLambdaHandler CountRuns(Action run) => (_, _, _) =>
    {
        run();
        return Task.CompletedTask;
    };
}
