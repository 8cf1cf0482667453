using System.Net;
using LambdaStreamGen.Tests.Support;

namespace LambdaStreamGen.Tests.Invocation;

/// <summary>
/// A host clock an hour off, shown by an emulator whose clock runs ahead or behind: the first call is refused as
/// "Signature expired", the client learns the offset from the response's Date, re-signs and succeeds; later calls
/// sign with the corrected time at once (docs/protocol.md §2.4).
/// </summary>
public sealed class ClockSkewTests
{
    [Theory]
    [InlineData(60)]
    [InlineData(-45)]
    public async Task A_skewed_clock_is_corrected_from_the_servers_Date_and_the_call_retried_once(int minutes)
    {
        TimeSpan skew = TimeSpan.FromMinutes(minutes);
        await using var fixture = await ClientFixture.StartAsync(
            o =>
            {
                o.ClockOffset = skew;
                o.AddFunction("echo", ClientFixture.EchoLines).WithRawPayloads();
            },
            c => c.MaxAttempts = 1); // the skew retry is a re-signing, not one of the configured retries

        Assert.Equal(TimeSpan.Zero, fixture.Client.ClockOffset);
        await using (LambdaResponseStream first = await fixture.Client.InvokeAsync(new LambdaStreamingRequest("echo").WithTextPayload("a")))
        {
            Assert.Equal(2, first.Attempts);
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        Assert.InRange(fixture.Client.ClockOffset, skew - TimeSpan.FromSeconds(10), skew + TimeSpan.FromSeconds(10));

        // Remembered for the endpoint: the next call signs with the corrected time straight away.
        await using LambdaResponseStream second = await fixture.Client.InvokeAsync(new LambdaStreamingRequest("echo").WithTextPayload("b"));
        Assert.Equal(1, second.Attempts);
    }

    [Fact]
    public async Task A_signature_error_with_clocks_in_agreement_is_not_retried()
    {
        await using var fixture = await ClientFixture.StartAsync(
            o => o.AddFunction("echo", ClientFixture.EchoLines).WithRawPayloads(),
            c => c.Credentials = new Amazon.Runtime.BasicAWSCredentials(Local.LocalCredentials.Test.AccessKeyId, "not-the-secret"));

        var exception = await Assert.ThrowsAsync<LambdaServiceException>(() => fixture.Client.InvokeAsync(new LambdaStreamingRequest("echo")));

        Assert.Equal(HttpStatusCode.Forbidden, exception.StatusCode);
        Assert.Equal(1, exception.Attempts);
        Assert.Equal(TimeSpan.Zero, fixture.Client.ClockOffset);
    }
}
