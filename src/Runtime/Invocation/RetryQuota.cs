namespace LambdaStreamGen.Invocation;

/// <summary>
/// The client-wide retry budget of the standard retry mode (botocore <c>retries/quota.py</c> and
/// <c>RetryQuotaChecker</c>): a bucket of 500 tokens; a throttled retry takes 5, any other retry 14; a call that
/// succeeds gives back what its last retry took, or 1 when it needed none. When many calls fail at once, the bucket
/// empties and further failures are thrown at once instead of multiplying the load on a struggling function.
/// </summary>
internal sealed class RetryQuota
{
    public const int Capacity = 500;
    public const int ThrottlingRetryCost = 5;
    public const int RetryCost = 14;
    public const int NoRetryIncrement = 1;

    private readonly object _lock = new();
    private int _available = Capacity;

    public int Available
    {
        get
        {
            lock (_lock)
            {
                return _available;
            }
        }
    }

    /// <summary>Takes the cost of one retry; false when the bucket cannot pay it.</summary>
    public bool TryAcquire(int cost)
    {
        lock (_lock)
        {
            if (cost > _available)
            {
                return false;
            }

            _available -= cost;
            return true;
        }
    }

    /// <summary>Gives tokens back after a success, never above the capacity.</summary>
    public void Release(int amount)
    {
        lock (_lock)
        {
            _available = Math.Min(Capacity, _available + amount);
        }
    }
}
