namespace LambdaStreamGen.Fuzzing;

/// <summary>A read-only stream over fuzz data that returns one planned chunk per read, as a socket would.</summary>
internal sealed class ChunkedStream : Stream
{
    private readonly byte[] _data;
    private readonly IEnumerator<int> _lengths;
    private int _offset;
    private int _remainingInChunk;

    public ChunkedStream(byte[] data, ChunkPlan plan)
    {
        _data = data;
        _lengths = plan.Lengths(data.Length).GetEnumerator();
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_remainingInChunk == 0)
        {
            if (!_lengths.MoveNext())
            {
                return 0;
            }

            _remainingInChunk = _lengths.Current;
        }

        int count = Math.Min(buffer.Length, _remainingInChunk);
        _data.AsSpan(_offset, count).CopyTo(buffer);
        _offset += count;
        _remainingInChunk -= count;
        return count;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

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
            _lengths.Dispose();
        }

        base.Dispose(disposing);
    }
}
