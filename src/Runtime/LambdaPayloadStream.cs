namespace LambdaStreamGen;

/// <summary>A read-only, forward-only <see cref="Stream"/> over a response's payload chunks (<see cref="LambdaResponseStream.AsStream"/>).</summary>
internal sealed class LambdaPayloadStream(LambdaResponseStream owner, IAsyncEnumerable<ReadOnlyMemory<byte>> chunks) : Stream
{
    // The chunks are enumerated once, with this token; each read links its own token to it for as long as it waits, so
    // a per-read timeout cancels the wait it belongs to (an enumerator takes one token, at its start, and the first
    // read's token would otherwise be the only one ever heard). Cancelling aborts the response, as everywhere else.
    // Never disposed: it has no timer to release, and a caller's token may still fire its link as a read unwinds.
    private readonly CancellationTokenSource _cancel = new();
    private IAsyncEnumerator<ReadOnlyMemory<byte>>? _enumerator;
    private ReadOnlyMemory<byte> _pending;
    private bool _ended;
    private bool _cancelled;

    // A read is waiting for the next chunk: the enumerator cannot be disposed until that wait ends.
    private volatile bool _waiting;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException("A Lambda response stream has no known length.");

    public override long Position
    {
        get => throw new NotSupportedException("A Lambda response stream cannot seek.");
        set => throw new NotSupportedException("A Lambda response stream cannot seek.");
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        while (_pending.IsEmpty)
        {
            if (_ended)
            {
                return 0;
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (_cancelled)
            {
                throw new OperationCanceledException("An earlier read of this stream was cancelled, which aborted the response.");
            }

            _enumerator ??= chunks.GetAsyncEnumerator(_cancel.Token);
            bool moved;
            CancellationTokenRegistration link = cancellationToken.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), _cancel);
            _waiting = true;
            try
            {
                moved = await _enumerator.MoveNextAsync().ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_cancel.IsCancellationRequested)
            {
                _cancelled = true;
                cancellationToken.ThrowIfCancellationRequested();
                throw;
            }
            finally
            {
                _waiting = false;
                link.Dispose();
            }

            if (!moved)
            {
                _ended = true;
                return 0;
            }

            _pending = _enumerator.Current;
        }

        int count = Math.Min(buffer.Length, _pending.Length);
        _pending.Span[..count].CopyTo(buffer.Span);
        _pending = _pending[count..];
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    // Synchronous reads would block a thread on network I/O (docs/protocol.md §5, pitfall 7); this stream is async only.
    public override int Read(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("A Lambda response stream is read asynchronously: use ReadAsync or CopyToAsync.");

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("A Lambda response stream cannot seek.");

    public override void SetLength(long value) => throw new NotSupportedException("A Lambda response stream is read-only.");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("A Lambda response stream is read-only.");

    public override async ValueTask DisposeAsync()
    {
        if (_waiting)
        {
            // Disposed while a read waits (a caller that gave up on it): end that wait by aborting, rather than
            // disposing an enumerator that is still moving, which async iterators refuse.
            await _cancel.CancelAsync().ConfigureAwait(false);
        }
        else if (_enumerator is not null)
        {
            await _enumerator.DisposeAsync().ConfigureAwait(false);
        }

        await owner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            // Synchronous disposal must not wait on asynchronous work: abort the response instead of draining it.
            owner.Abort();
        }

        base.Dispose(disposing);
    }
}
