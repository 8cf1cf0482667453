namespace LambdaStreamGen;

/// <summary>A read-only, forward-only <see cref="Stream"/> over a response's payload chunks (<see cref="LambdaResponseStream.AsStream"/>).</summary>
internal sealed class LambdaPayloadStream(LambdaResponseStream owner, IAsyncEnumerable<ReadOnlyMemory<byte>> chunks) : Stream
{
    private IAsyncEnumerator<ReadOnlyMemory<byte>>? _enumerator;
    private ReadOnlyMemory<byte> _pending;
    private bool _ended;

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

            // The token of the first read is the one the enumeration observes; later reads check theirs here.
            cancellationToken.ThrowIfCancellationRequested();
            _enumerator ??= chunks.GetAsyncEnumerator(cancellationToken);
            if (!await _enumerator.MoveNextAsync().ConfigureAwait(false))
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
        if (_enumerator is not null)
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
