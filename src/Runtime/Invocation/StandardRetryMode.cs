using System.Net;

namespace LambdaStreamGen.Invocation;

/// <summary>
/// The AWS SDKs' "standard" retry mode as botocore implements it (docs/protocol.md §2.4): which failures are worth
/// another attempt, and how long to wait before it. Only failures before the stream starts are ever retried.
/// </summary>
internal static class StandardRetryMode
{
    // botocore retries/standard.py, ThrottledRetryableChecker: every error code the SDKs treat as throttling.
    private static readonly HashSet<string> ThrottlingCodes = new(StringComparer.Ordinal)
    {
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException", "TooManyRequestsException",
        "ProvisionedThroughputExceededException", "TransactionInProgressException", "RequestLimitExceeded",
        "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
        "EC2ThrottledException",
    };

    // botocore TransientRetryableChecker: transient error codes and statuses.
    private static readonly HashSet<string> TransientCodes = new(StringComparer.Ordinal) { "RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete" };

    /// <summary>The longest back-off (botocore <c>_MAX_BACKOFF</c>, 20 s).</summary>
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(20);

    /// <summary>The base of a throttled retry's back-off (botocore <c>_THROTTLING_BASE_SCALE</c>, 1 s).</summary>
    public static readonly TimeSpan ThrottlingBase = TimeSpan.FromSeconds(1);

    /// <summary>The base of any other retry's back-off (botocore <c>_NON_THROTTLING_BASE_SCALE</c>, 50 ms).</summary>
    public static readonly TimeSpan TransientBase = TimeSpan.FromMilliseconds(50);

    /// <summary>How far past the computed back-off a server's retry-after may push the wait (botocore, 5 s).</summary>
    public static readonly TimeSpan MaxRetryAfterExtension = TimeSpan.FromSeconds(5);

    /// <summary>Whether the service's answer is throttling: a throttling error code, or HTTP 429.</summary>
    public static bool IsThrottling(HttpStatusCode status, string errorCode) =>
        status == HttpStatusCode.TooManyRequests || ThrottlingCodes.Contains(errorCode);

    /// <summary>
    /// Whether another attempt may succeed: throttling, the transient statuses 500/502/503/504, the transient error
    /// codes, or no response at all (a connection failure, status 0). Never another 4xx: those are the caller's to fix.
    /// </summary>
    public static bool IsRetryable(HttpStatusCode status, string errorCode) =>
        IsThrottling(status, errorCode)
        || TransientCodes.Contains(errorCode)
        || status is 0 or HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    /// <summary>
    /// The wait before retry number <paramref name="retry"/> (1 for the first): truncated binary exponential back-off
    /// with full jitter, <c>rand(0,1) × min(base × 2^(retry−1), 20 s)</c>, the base longer for throttling. A server's
    /// retry-after is honoured within <c>[t, t + 5 s]</c>, so a huge value cannot park the caller.
    /// </summary>
    public static TimeSpan Backoff(int retry, bool throttling, TimeSpan? retryAfter, Func<double> random)
    {
        TimeSpan scale = throttling ? ThrottlingBase : TransientBase;
        double ceiling = Math.Min(scale.TotalMilliseconds * Math.Pow(2, retry - 1), MaxBackoff.TotalMilliseconds);
        TimeSpan computed = TimeSpan.FromMilliseconds(random() * ceiling);
        if (retryAfter is not { } serverDelay)
        {
            return computed;
        }

        TimeSpan bounded = serverDelay < computed + MaxRetryAfterExtension ? serverDelay : computed + MaxRetryAfterExtension;
        return bounded > computed ? bounded : computed;
    }
}
