using System.Diagnostics;
using System.Net;
using LambdaStreamGen.Invocation;
using LambdaStreamGen.Local;
using LambdaStreamGen.Tests.Support;

namespace LambdaStreamGen.Tests.Invocation;

/// <summary>
/// The standard retry mode over real HTTP against the emulator: what is retried, how long the client waits, the
/// client-wide retry quota, server retry-after bounded by the SDKs' rule and by the caller's limits, and the history
/// of attempts on the exception (docs/protocol.md §2.4).
/// </summary>
public sealed class StandardRetryTests
{
    [Theory]
    [InlineData(502, "EC2ThrottledException", true)]  // a throttling code on a 502
    [InlineData(500, "ServiceException", true)]
    [InlineData(503, "ServiceUnavailable", true)]
    [InlineData(400, "RequestTimeoutException", true)] // a transient code, whatever the status
    [InlineData(408, "EFSMountTimeoutException", false)] // modeled 4xx: the caller's to fix, not the next attempt's
    [InlineData(400, "InvalidRequestContentException", false)]
    [InlineData(404, "ResourceNotFoundException", false)]
    public async Task Only_throttling_transient_and_5xx_errors_are_retried(int status, string code, bool retried)
    {
        await using var fixture = await ClientFixture.StartAsync(
            o => o.AddFunction("echo", ClientFixture.EchoLines).WithRawPayloads().InjectFaultOnce(1, LocalFault.ServiceError(status, code, "injected")),
            c => c.MaxAttempts = 2);

        if (retried)
        {
            await using LambdaResponseStream response = await fixture.Client.InvokeAsync(new LambdaStreamingRequest("echo").WithTextPayload("ok"));
            Assert.Equal(2, response.Attempts);
        }
        else
        {
            var exception = await Assert.ThrowsAsync<LambdaServiceException>(() => fixture.Client.InvokeAsync(new LambdaStreamingRequest("echo").WithTextPayload("ok")));
            Assert.Equal(1, exception.Attempts);
            Assert.False(exception.IsRetryable);
            Assert.Equal(code, exception.ErrorCode);
        }
    }

    [Fact]
    public async Task The_retry_quota_stops_a_burst_of_throttled_calls_from_multiplying_the_load()
    {
        // 500 tokens at 5 a throttled retry: of 120 calls throttled at once, 100 are retried and 20 fail at once.
        const int Calls = 120;
        await using var fixture = await ClientFixture.StartAsync(
            o => o.AddFunction("busy", ClientFixture.EchoLines).WithRawPayloads().InjectFault(LocalFault.Throttle(TimeSpan.Zero)),
            c => c.MaxAttempts = 2);

        LambdaServiceException[] failures = await Task.WhenAll(Enumerable.Range(0, Calls).Select(async _ =>
            await Assert.ThrowsAsync<LambdaServiceException>(() => fixture.Client.InvokeAsync(new LambdaStreamingRequest("busy")))));

        Assert.All(failures, f => Assert.True(f.IsThrottling));
        Assert.Equal(RetryQuota.Capacity / RetryQuota.ThrottlingRetryCost, failures.Count(f => f.Attempts == 2));
        LambdaServiceException[] refused = [.. failures.Where(f => f.Attempts == 1)];
        Assert.Equal(Calls - (RetryQuota.Capacity / RetryQuota.ThrottlingRetryCost), refused.Length);
        Assert.All(refused, f => Assert.Contains("retry quota is spent", f.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_huge_Retry_After_is_honoured_only_up_to_five_seconds_past_the_backoff_and_every_attempt_is_recorded()
    {
        await using var fixture = await ClientFixture.StartAsync(
            o => o.AddFunction("busy", ClientFixture.EchoLines).WithRawPayloads().InjectFault(LocalFault.Throttle(TimeSpan.FromHours(1))),
            c => c.MaxAttempts = 2);

        var exception = await Assert.ThrowsAsync<LambdaServiceException>(() => fixture.Client.InvokeAsync(new LambdaStreamingRequest("busy")));

        Assert.Equal(TimeSpan.FromHours(1), exception.RetryAfter);
        Assert.Equal(2, exception.Attempts);
        Assert.Equal([1, 2], exception.AttemptFailures.Select(f => f.Attempt));
        Assert.All(exception.AttemptFailures, f => Assert.Equal("TooManyRequestsException", f.ErrorCode));
        Assert.All(exception.AttemptFailures, f => Assert.Equal(HttpStatusCode.TooManyRequests, f.StatusCode));

        // The first retry waited for the server, but no longer than the back-off (at most 1 s) plus 5 s.
        TimeSpan waited = exception.AttemptFailures[0].RetryDelay!.Value;
        Assert.InRange(waited, StandardRetryMode.MaxRetryAfterExtension, StandardRetryMode.MaxRetryAfterExtension + StandardRetryMode.ThrottlingBase);
        Assert.Null(exception.AttemptFailures[1].RetryDelay);
    }

    [Fact]
    public async Task No_wait_between_attempts_outlives_the_total_timeout()
    {
        await using var fixture = await ClientFixture.StartAsync(
            o => o.AddFunction("busy", ClientFixture.EchoLines).WithRawPayloads().InjectFault(LocalFault.Throttle(TimeSpan.FromHours(1))),
            c =>
            {
                c.MaxAttempts = 5;
                c.TotalTimeout = TimeSpan.FromSeconds(2);
            });
        var clock = Stopwatch.StartNew();

        var exception = await Assert.ThrowsAsync<LambdaTimeoutException>(() => fixture.Client.InvokeAsync(new LambdaStreamingRequest("busy")));

        Assert.Equal(LambdaTimeoutKind.Total, exception.Kind);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"the call took {clock.Elapsed}, waiting past its 2 s total timeout");
    }

    [Fact]
    public async Task The_callers_token_cancels_a_wait_between_attempts()
    {
        await using var fixture = await ClientFixture.StartAsync(
            o => o.AddFunction("busy", ClientFixture.EchoLines).WithRawPayloads().InjectFault(LocalFault.Throttle(TimeSpan.FromHours(1))),
            c => c.MaxAttempts = 5);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fixture.Client.InvokeAsync(new LambdaStreamingRequest("busy"), cancellation.Token));
    }

    [Fact]
    public async Task Connection_failures_are_retried_and_each_one_is_recorded()
    {
        using var closedPort = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        closedPort.Start();
        int port = ((IPEndPoint)closedPort.LocalEndpoint).Port;
        closedPort.Stop(); // nothing listens there now: every connection is refused

        using var client = new LambdaStreamingClient(new LambdaStreamingClientOptions
        {
            ServiceUrl = new Uri($"http://127.0.0.1:{port}/"),
            Credentials = new Amazon.Runtime.BasicAWSCredentials("AKIDEXAMPLE", "secret"),
            MaxAttempts = 3,
        });

        var exception = await Assert.ThrowsAsync<LambdaServiceException>(() => client.InvokeAsync(new LambdaStreamingRequest("fn")));

        Assert.Equal("ConnectionFailure", exception.ErrorCode);
        Assert.Equal(0, (int)exception.StatusCode);
        Assert.True(exception.IsRetryable);
        Assert.Equal(3, exception.Attempts);
        Assert.Equal(3, exception.AttemptFailures.Count);
        Assert.All(exception.AttemptFailures.Take(2), f => Assert.InRange(f.RetryDelay!.Value, TimeSpan.Zero, TimeSpan.FromMilliseconds(200)));
        Assert.IsType<HttpRequestException>(exception.InnerException);
    }

    [Theory]
    [InlineData(1, false, 0.0, 0)]
    [InlineData(1, false, 1.0, 50)]
    [InlineData(3, false, 1.0, 200)]
    [InlineData(1, true, 1.0, 1000)]
    [InlineData(4, true, 1.0, 8000)]
    [InlineData(6, true, 1.0, 20000)] // capped at 20 s
    [InlineData(9, false, 0.5, 6400)]
    public void Backoff_is_full_jitter_over_a_capped_exponential_with_a_longer_base_for_throttling(int retry, bool throttling, double random, int expectedMilliseconds)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), StandardRetryMode.Backoff(retry, throttling, retryAfter: null, () => random));
    }

    [Theory]
    [InlineData(2000, 0.5, 2000)]   // within [t, t + 5 s]: honoured
    [InlineData(100, 0.5, 500)]     // shorter than the back-off: the back-off
    [InlineData(60000, 0.5, 5500)]  // longer than t + 5 s: t + 5 s
    public void Retry_after_is_kept_between_the_backoff_and_five_seconds_past_it(int retryAfterMilliseconds, double random, int expectedMilliseconds)
    {
        TimeSpan delay = StandardRetryMode.Backoff(1, throttling: true, TimeSpan.FromMilliseconds(retryAfterMilliseconds), () => random);

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), delay);
    }
}
