using System.Buffers;
using System.IO.Pipelines;

namespace LambdaStreamGen.Benchmarks;

/// <summary>
/// A pipe reader that serves the same bytes over and over, never ending. One reader can then decode many passes over
/// one buffer, so that what a benchmark measures is the cost per message, not the cost of creating a reader.
/// </summary>
internal sealed class RepeatingPipeReader(byte[] data) : PipeReader
{
    private readonly ReadOnlySequence<byte> _whole = new(data);
    private long _position;

    public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        _position = _whole.GetOffset(consumed);
        if (_position >= data.Length)
        {
            _position = 0;
        }
    }

    public override void CancelPendingRead()
    {
    }

    public override void Complete(Exception? exception = null)
    {
    }

    public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default) =>
        new(new ReadResult(_whole.Slice(_position), isCanceled: false, isCompleted: false));

    public override bool TryRead(out ReadResult result)
    {
        result = new ReadResult(_whole.Slice(_position), isCanceled: false, isCompleted: false);
        return true;
    }
}
