namespace LambdaStreamGen.Invocation;

/// <summary>
/// The idle and total timeouts of one invocation's stream as cancellation sources, so that a read can be cancelled
/// by either without allocating per read, and the error can say which one fired.
/// </summary>
internal sealed class StreamTimeouts : IDisposable
{
    private readonly CancellationTokenSource _total = new();
    private readonly CancellationTokenSource _idle = new();

    public StreamTimeouts(TimeSpan idle, TimeSpan total)
    {
        Idle = idle;
        Total = total;
        if (total != Timeout.InfiniteTimeSpan)
        {
            _total.CancelAfter(total);
        }
    }

    public TimeSpan Idle { get; }

    public TimeSpan Total { get; }

    public CancellationToken TotalToken => _total.Token;

    public CancellationToken IdleToken => _idle.Token;

    /// <summary>Starts (or restarts) the idle clock before a read.</summary>
    public void RestartIdleClock()
    {
        if (Idle != Timeout.InfiniteTimeSpan && !_idle.IsCancellationRequested)
        {
            _idle.CancelAfter(Idle);
        }
    }

    /// <summary>Which timeout fired, if one did.</summary>
    public LambdaTimeoutKind? Fired => _total.IsCancellationRequested ? LambdaTimeoutKind.Total : _idle.IsCancellationRequested ? LambdaTimeoutKind.Idle : null;

    public TimeSpan LimitOf(LambdaTimeoutKind kind) => kind == LambdaTimeoutKind.Total ? Total : Idle;

    public void Dispose()
    {
        _total.Dispose();
        _idle.Dispose();
    }
}
