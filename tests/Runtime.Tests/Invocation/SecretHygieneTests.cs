using System.Net;
using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using LambdaStreamGen.Local;
using LambdaStreamGen.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace LambdaStreamGen.Tests.Invocation;

/// <summary>
/// Credentials and signatures never appear in exception messages, <c>ToString()</c> output or what the emulator logs,
/// whatever fails, even when the server echoes the request's headers back.
/// </summary>
public sealed class SecretHygieneTests
{
    private const string AccessKey = "AKIAHYGIENETEST00001";
    private const string SecretKey = "hygiene-secret-key-that-must-never-print";
    private const string SessionToken = "hygiene-session-token-that-must-never-print-0123456789";

    private static readonly SessionAWSCredentials Credentials = new(AccessKey, SecretKey, SessionToken);

    [Theory]
    [InlineData("application/json")]
    [InlineData("text/plain")]
    public async Task An_error_body_that_echoes_the_request_headers_is_redacted(string contentType)
    {
        string? sentAuthorization = null;
        await using var server = await ScriptedServer.StartAsync(async (context, _) =>
        {
            sentAuthorization = context.Request.Headers.Authorization;
            string echo = $"Rejected: Authorization was '{sentAuthorization}', token '{context.Request.Headers["X-Amz-Security-Token"]}'";
            context.Response.StatusCode = 400;
            context.Response.ContentType = contentType;
            context.Response.Headers["X-Amzn-ErrorType"] = "InvalidParameterValueException";
            await context.Response.WriteAsync(contentType == "text/plain" ? echo : JsonSerializer.Serialize(new Dictionary<string, string> { ["message"] = echo, ["Reason"] = echo }));
        });
        LambdaStreamingClientOptions options = server.ClientOptions();
        options.Credentials = Credentials;
        using var client = new LambdaStreamingClient(options);

        var exception = await Assert.ThrowsAsync<LambdaServiceException>(() => client.InvokeAsync(new LambdaStreamingRequest("fn")));

        string signature = SignatureOf(sentAuthorization);
        Assert.Equal(64, signature.Length);
        AssertNoSecrets(exception.ToString(), signature);
        AssertNoSecrets(exception.ThrottlingReason ?? string.Empty, signature);
        Assert.Contains("[redacted]", exception.Message, StringComparison.Ordinal);
        Assert.Contains("Rejected", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_failure_of_a_signed_call_prints_without_secrets()
    {
        string? signature = null;
        await using var fixture = await ClientFixture.StartAsync(
            o =>
            {
                o.Credentials.Clear();
                o.Credentials.Add(new LocalCredentials(AccessKey, SecretKey, SessionToken));
                o.AddFunction("fails", (_, _, _) => throw new InvalidOperationException("handler failed")).WithRawPayloads();
                o.AddFunction("cut", ClientFixture.EchoLines).WithRawPayloads().InjectFault(LocalFault.EndStreamAfterPayloadBytes(2));
                o.AddFunction("slow", async (_, response, ct) =>
                {
                    await response.WriteLineAsync("first", ct);
                    await response.FlushAsync(ct);
                    await Task.Delay(Timeout.Infinite, ct);
                }).WithRawPayloads();
            },
            c =>
            {
                c.Credentials = Credentials;
                // Long enough that only the silent function times out, even on a cold, loaded test host.
                c.IdleTimeout = TimeSpan.FromSeconds(2);
                c.MaxAttempts = 1;
            });

        var failures = new List<Exception>
        {
            await Assert.ThrowsAsync<LambdaServiceException>(() => fixture.Client.InvokeAsync(new LambdaStreamingRequest("missing"))),
            await ReadFailureAsync<LambdaFunctionException>(fixture.Client, "fails"),
            await ReadFailureAsync<LambdaStreamTruncatedException>(fixture.Client, "cut"),
            await ReadFailureAsync<LambdaTimeoutException>(fixture.Client, "slow"),
        };

        // The signature of a call this client makes, recomputed the way the emulator verifies it, for the check.
        signature = await CaptureSignatureAsync(Credentials);
        foreach (Exception failure in failures)
        {
            AssertNoSecrets(failure.ToString(), signature);
        }
    }

    [Fact]
    public void Options_requests_and_clients_print_without_secrets()
    {
        var options = new LambdaStreamingClientOptions { Credentials = Credentials, Region = "us-east-1", ServiceUrl = new Uri("http://127.0.0.1:1/") };
        using var client = new LambdaStreamingClient(options);
        var request = new LambdaStreamingRequest("fn").WithTextPayload("payload");
        var local = new LocalCredentials(AccessKey, SecretKey, SessionToken);

        foreach (string text in new[] { options.ToString()!, client.ToString()!, request.ToString()!, local.ToString() })
        {
            AssertNoSecrets(text, signature: null);
        }
    }

    [Fact]
    public async Task What_the_emulator_shows_a_function_and_its_log_tail_carry_no_credentials()
    {
        // The emulator writes nothing of a request to any log; what it exposes is the invocation, its options and the
        // function's log tail. None may carry what the caller signed with.
        var seen = new StringBuilder();
        string? authorization = null;
        await using var server = await LocalLambdaServer.StartAsync(o =>
        {
            o.Credentials.Clear();
            o.Credentials.Add(new LocalCredentials(AccessKey, SecretKey, SessionToken));
            o.AddFunction("echo", async (invocation, response, ct) =>
            {
                lock (seen)
                {
                    seen.AppendLine(invocation.ToString()).AppendLine(invocation.ClientContext).AppendLine(o.ToString());
                }

                invocation.Log.WriteLine($"invoked {invocation.FunctionName} request {invocation.RequestId}");
                await response.WriteLineAsync("ok", ct);
            }).WithRawPayloads();
        });
        using var http = new HttpClient(new CapturingHandler(value => authorization = value));
        LambdaStreamingClientOptions options = server.CreateClientOptions();
        options.Credentials = Credentials;
        using var client = new LambdaStreamingClient(http, options);

        await using (LambdaResponseStream response = await client.InvokeAsync(new LambdaStreamingRequest("echo") { LogType = LambdaLogType.Tail }))
        {
            Assert.Equal(["ok"], await response.ReadTextLinesAsync().ToListAsync());
            seen.AppendLine(response.LogResult).AppendLine(response.ToString());
        }

        Assert.Contains("invoked echo", seen.ToString(), StringComparison.Ordinal);
        AssertNoSecrets(seen.ToString(), SignatureOf(authorization));
    }

    private static async Task<Exception> ReadFailureAsync<T>(LambdaStreamingClient client, string function)
        where T : Exception =>
        await Assert.ThrowsAsync<T>(async () =>
        {
            await using LambdaResponseStream response = await client.InvokeAsync(new LambdaStreamingRequest(function).WithTextPayload("a\nb"));
            await foreach (ReadOnlyMemory<byte> _ in response.ReadChunksAsync())
            {
            }
        });

    private static async Task<string> CaptureSignatureAsync(AWSCredentials credentials)
    {
        string? authorization = null;
        await using var server = await ScriptedServer.StartAsync((context, _) =>
        {
            authorization = context.Request.Headers.Authorization;
            context.Response.StatusCode = 404;
            return Task.CompletedTask;
        });
        LambdaStreamingClientOptions options = server.ClientOptions();
        options.Credentials = credentials;
        using var client = new LambdaStreamingClient(options);
        await Assert.ThrowsAsync<LambdaServiceException>(() => client.InvokeAsync(new LambdaStreamingRequest("fn")));
        return SignatureOf(authorization);
    }

    private static string SignatureOf(string? authorization)
    {
        Assert.NotNull(authorization);
        int at = authorization.IndexOf("Signature=", StringComparison.Ordinal);
        Assert.True(at > 0, authorization);
        return authorization[(at + "Signature=".Length)..];
    }

    private static void AssertNoSecrets(string text, string? signature)
    {
        Assert.DoesNotContain(SecretKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain(SessionToken, text, StringComparison.Ordinal);
        Assert.DoesNotContain("Signature=", text, StringComparison.Ordinal);
        if (signature is not null)
        {
            Assert.DoesNotContain(signature, text, StringComparison.Ordinal);
        }
    }

    /// <summary>Records the Authorization header each request leaves with.</summary>
    private sealed class CapturingHandler(Action<string?> capture) : DelegatingHandler(new SocketsHttpHandler())
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            capture(request.Headers.TryGetValues("Authorization", out IEnumerable<string>? values) ? values.First() : null);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
