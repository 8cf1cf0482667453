namespace LambdaStreamGen.Invocation;

/// <summary>
/// How long to wait before the next attempt: exponential back-off with full jitter (as the AWS SDKs' standard retry
/// mode), or the service's <c>Retry-After</c> when it gave one.
/// </summary>
internal static class RetryDelay
{
    private static readonly TimeSpan Base = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Cap = TimeSpan.FromSeconds(20);

    /// <summary>The delay before attempt <paramref name="nextAttempt"/> (2 for the first retry).</summary>
    public static TimeSpan Before(int nextAttempt, TimeSpan? retryAfter)
    {
        if (retryAfter is { } serverDelay)
        {
            return serverDelay < TimeSpan.Zero ? TimeSpan.Zero : serverDelay;
        }

        double ceiling = Math.Min(Cap.TotalMilliseconds, Base.TotalMilliseconds * Math.Pow(2, nextAttempt - 2));
        return TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling);
    }
}
