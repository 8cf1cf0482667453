namespace LambdaStreamGen.Invocation;

/// <summary>
/// The idle and total timeouts of one invocation's stream as cancellation sources, so that a read can be cancelled
/// by either without allocating per read, and the error can say which one fired.
/// </summary>
internal sealed class StreamTimeouts : IDisposable
{
    private readonly CancellationTokenSource _total = new();
    private readonly CancellationTokenSource _idle = new();
    private readonly long _idleMilliseconds;

    // The idle clock is restarted before every message and every socket read. Re-arming a timer each time
    // (CancelAfter) takes the runtime's timer lock, which was most of the per-message cost above the decoder on small
    // chunks (docs/benchmarks.md, replay). Instead, a restart only records the time; the timer, armed once, checks
    // when it fires whether the stream was really quiet for the whole limit, and if not waits for the rest.
    private Timer? _idleTimer;
    private long _lastActivity;

    public StreamTimeouts(TimeSpan idle, TimeSpan total)
    {
        Idle = idle;
        Total = total;
        _idleMilliseconds = idle == Timeout.InfiniteTimeSpan ? -1 : (long)Math.Ceiling(idle.TotalMilliseconds);
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
        if (_idleMilliseconds < 0 || _idle.IsCancellationRequested)
        {
            return;
        }

        Volatile.Write(ref _lastActivity, Environment.TickCount64);
        if (_idleTimer is null)
        {
            _idleTimer = new Timer(static state => ((StreamTimeouts)state!).OnIdleTimer(), this, _idleMilliseconds, Timeout.Infinite);
        }
    }

    /// <summary>Which timeout fired, if one did.</summary>
    public LambdaTimeoutKind? Fired => _total.IsCancellationRequested ? LambdaTimeoutKind.Total : _idle.IsCancellationRequested ? LambdaTimeoutKind.Idle : null;

    public TimeSpan LimitOf(LambdaTimeoutKind kind) => kind == LambdaTimeoutKind.Total ? Total : Idle;

    public void Dispose()
    {
        _idleTimer?.Dispose();
        _total.Dispose();
        _idle.Dispose();
    }

    private void OnIdleTimer()
    {
        long quiet = Environment.TickCount64 - Volatile.Read(ref _lastActivity);
        try
        {
            if (quiet >= _idleMilliseconds)
            {
                _idle.Cancel();
            }
            else
            {
                _idleTimer!.Change(_idleMilliseconds - quiet, Timeout.Infinite);
            }
        }
        catch (ObjectDisposedException)
        {
            // The stream was disposed while the timer fired: there is nothing left to time out.
        }
    }
}
