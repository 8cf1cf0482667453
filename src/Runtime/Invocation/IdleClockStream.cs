using System.Runtime.CompilerServices;

namespace LambdaStreamGen.Invocation;

/// <summary>
/// The response body, restarting the idle clock whenever bytes arrive. <c>IdleTimeout</c> is the longest gap between
/// bytes: a large message trickling in must not time out merely because it takes longer than the limit to complete.
/// </summary>
internal sealed class IdleClockStream(Stream inner, StreamTimeouts timeouts) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    // Pooled: every socket read that waits (two per read with zero-byte reads) would otherwise allocate a box.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);

        // A zero-byte read (used to wait without holding a buffer) completing means bytes are waiting.
        if (read > 0 || buffer.IsEmpty)
        {
            timeouts.RestartIdleClock();
        }

        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    // The event reader only reads asynchronously; a synchronous read would block a thread on the network.
    public override int Read(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("The response body is read asynchronously only.");

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
