using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace LambdaStreamGen.EventStreams;

/// <summary>
/// Reads <c>application/vnd.amazon.eventstream</c> messages from a <see cref="Stream"/> or a <see cref="PipeReader"/>,
/// checking both checksums, the length bounds and every header (docs/protocol.md §3).
/// </summary>
/// <remarks>
/// <para>
/// Two ways to read: <see cref="ReadAsync"/> / <see cref="ReadAllAsync"/> return messages that own their bytes;
/// <see cref="MoveNextAsync"/> with <see cref="Current"/> is the allocation-free path, a view over the reader's
/// buffer that is valid until the next read.
/// </para>
/// <para>
/// The prelude is checked before the rest of a message is awaited or buffered, so a corrupt or hostile length fails
/// at once. Only whole messages are returned; the input may arrive in reads of any size. After a format error the
/// reader stops for good and every later read rethrows it, since the next message boundary cannot be trusted.
/// A reader is not thread-safe: one consumer at a time.
/// </para>
/// </remarks>
public sealed class EventStreamReader : IAsyncDisposable
{
    private readonly PipeReader _input;
    private readonly bool _leaveOpen;
    private readonly int _maxMessageSize;

    // The bytes of the last ReadAsync and how many of them are consumed. The pipe is only advanced when more input is
    // needed, so the previous message (which the current view points into) stays valid until the caller asks for the
    // next one, and many small messages are parsed from one read without touching the pipe.
    private ReadOnlySequence<byte> _buffer;
    private long _consumed;

    // When the read buffer is one segment (the common case), messages are parsed from this memory directly: slicing a
    // ReadOnlySequence per message costs more than decoding a small message.
    private ReadOnlyMemory<byte> _singleSegment;
    private bool _isSingleSegment;
    private bool _holdingReadResult;
    private bool _inputCompleted;

    // A message that straddles pipe segments is copied here so it can be handed out as one contiguous block.
    private byte[]? _contiguousCopy;

    private ReadOnlyMemory<byte> _current;
    private int _currentHeadersLength;
    private long _currentOffset;
    private bool _hasCurrent;
    private long _nextOffset;
    private ExceptionDispatchInfo? _fault;
    private bool _finished;
    private bool _reading;
    private bool _disposed;

    /// <summary>Creates a reader over a stream, read in chunks of <see cref="EventStreamReaderOptions.BufferSize"/>.</summary>
    /// <param name="stream">The input, for example an HTTP response body.</param>
    /// <param name="options">Limits and ownership; <see langword="null"/> for the defaults.</param>
    public EventStreamReader(Stream stream, EventStreamReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options ??= Defaults;
        options.Validate();
        // Zero-byte reads: a stream waiting for its next message holds no read buffer, only the bytes of a message
        // already under way. Without them every idle stream would pin a whole BufferSize buffer (docs/benchmarks.md).
        _input = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: options.BufferSize, minimumReadSize: Math.Min(options.BufferSize, 4096), leaveOpen: options.LeaveOpen, useZeroByteReads: true));
        _leaveOpen = false; // The stream pipe reader owns the stream's lifetime through its own leaveOpen flag.
        _maxMessageSize = options.MaxMessageSize;
    }

    /// <summary>Creates a reader over a pipe: no copy is made of messages that lie inside one pipe segment.</summary>
    /// <param name="reader">The input.</param>
    /// <param name="options">Limits and ownership; <see langword="null"/> for the defaults.</param>
    public EventStreamReader(PipeReader reader, EventStreamReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        options ??= Defaults;
        options.Validate();
        _input = reader;
        _leaveOpen = options.LeaveOpen;
        _maxMessageSize = options.MaxMessageSize;
    }

    /// <summary>The number of bytes of whole messages read so far: the offset at which the next message starts.</summary>
    public long BytesConsumed => _nextOffset;

    /// <summary>
    /// Bytes taken from the input so far, a message still arriving included: what a timeout or a cut connection
    /// reports as received, since <see cref="BytesConsumed"/> stops at the last whole message.
    /// </summary>
    internal long BytesReceived { get; private set; }

    /// <summary>
    /// The message <see cref="MoveNextAsync"/> moved to, as a view over the reader's buffer. Valid until the next read.
    /// </summary>
    /// <exception cref="InvalidOperationException"><see cref="MoveNextAsync"/> has not returned <see langword="true"/>.</exception>
    public EventStreamMessageView Current => _hasCurrent
        ? new EventStreamMessageView(_current, _currentHeadersLength, _currentOffset)
        : throw new InvalidOperationException("There is no current message: call MoveNextAsync and check that it returned true.");

    /// <summary>
    /// Moves to the next message; the allocation-free path. Completes synchronously when the message is already buffered.
    /// </summary>
    /// <param name="cancellationToken">Cancels the wait for input.</param>
    /// <returns><see langword="true"/> when <see cref="Current"/> holds a new message; <see langword="false"/> at a clean end of input on a message boundary.</returns>
    /// <exception cref="EventStreamFormatException">The input is not a valid event stream, or it ended inside a message.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public ValueTask<bool> MoveNextAsync(CancellationToken cancellationToken = default)
    {
        BeginRead();
        try
        {
            if (_finished)
            {
                _hasCurrent = false;
                EndRead();
                return new ValueTask<bool>(false);
            }

            if (_holdingReadResult && TryReadMessage())
            {
                EndRead();
                return new ValueTask<bool>(true);
            }
        }
        catch (EventStreamFormatException exception)
        {
            EndRead();
            throw Fault(exception);
        }

        return MoveNextSlowAsync(cancellationToken);
    }

    /// <summary>Reads the next message and copies it out of the reader's buffer.</summary>
    /// <param name="cancellationToken">Cancels the wait for input.</param>
    /// <returns>The message, or <see langword="null"/> only at a clean end of input on a message boundary.</returns>
    /// <exception cref="EventStreamFormatException">The input is not a valid event stream, or it ended inside a message.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public ValueTask<EventStreamMessage?> ReadAsync(CancellationToken cancellationToken = default)
    {
        // Most messages are already buffered: answer those without an async state machine.
        ValueTask<bool> moved = MoveNextAsync(cancellationToken);
        return moved.IsCompletedSuccessfully
            ? new ValueTask<EventStreamMessage?>(moved.Result ? Current.ToMessage() : null)
            : ReadSlowAsync(moved);
    }

    private async ValueTask<EventStreamMessage?> ReadSlowAsync(ValueTask<bool> moving) =>
        await moving.ConfigureAwait(false) ? Current.ToMessage() : null;

    /// <summary>Reads every remaining message, each copied out of the reader's buffer.</summary>
    /// <param name="cancellationToken">Cancels the wait for input.</param>
    /// <returns>The messages, ending at a clean end of input.</returns>
    /// <exception cref="EventStreamFormatException">The input is not a valid event stream, or it ended inside a message.</exception>
    public async IAsyncEnumerable<EventStreamMessage> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (await MoveNextAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return Current.ToMessage();
        }
    }

    /// <summary>Releases the buffer and, unless <see cref="EventStreamReaderOptions.LeaveOpen"/> was set, the input.</summary>
    /// <returns>A task that completes when the input is released.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _hasCurrent = false;
        if (_holdingReadResult)
        {
            _input.AdvanceTo(_buffer.GetPosition(_consumed));
            _holdingReadResult = false;
        }

        if (!_leaveOpen)
        {
            await _input.CompleteAsync().ConfigureAwait(false);
        }

        if (_contiguousCopy is not null)
        {
            ArrayPool<byte>.Shared.Return(_contiguousCopy);
            _contiguousCopy = null;
        }
    }

    // Pooled: it runs once per read from the input, and should not allocate a state-machine box each time.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> MoveNextSlowAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                if (_holdingReadResult)
                {
                    // Everything before _consumed is consumed; everything after was looked at and is not enough.
                    _hasCurrent = false;
                    _input.AdvanceTo(_buffer.GetPosition(_consumed), _buffer.End);
                    _holdingReadResult = false;
                }

                if (_inputCompleted)
                {
                    return Finish();
                }

                ReadResult result = await _input.ReadAsync(cancellationToken).ConfigureAwait(false);
                if (result.IsCanceled)
                {
                    throw new OperationCanceledException("The pending read of the event stream was cancelled.");
                }

                _buffer = result.Buffer;
                _consumed = 0;

                // The buffer starts at the first unconsumed byte, which is where the next message starts.
                BytesReceived = _nextOffset + _buffer.Length;
                _isSingleSegment = _buffer.IsSingleSegment;
                _singleSegment = _isSingleSegment ? _buffer.First : default;
                _holdingReadResult = true;
                _inputCompleted = result.IsCompleted;
                if (TryReadMessage())
                {
                    return true;
                }

                if (_inputCompleted)
                {
                    return Finish();
                }
            }
        }
        catch (EventStreamFormatException exception)
        {
            throw Fault(exception);
        }
        finally
        {
            EndRead();
        }
    }

    private bool Finish()
    {
        _hasCurrent = false;
        if (_buffer.Length > _consumed)
        {
            throw Truncated();
        }

        _finished = true;
        return false;
    }

    // Parses the next whole message from the read buffer, or returns false when more input is needed.
    private bool TryReadMessage()
    {
        _hasCurrent = false;
        ReadOnlyMemory<byte> message;
        int headersLength;
        ReadOnlySpan<byte> span;
        if (_isSingleSegment)
        {
            int consumed = (int)_consumed;
            ReadOnlySpan<byte> remaining = _singleSegment.Span.Slice(consumed);
            if (remaining.Length < EventStreamFraming.PreludeLength)
            {
                return false;
            }

            EventStreamFraming.ReadPrelude(remaining, _nextOffset, _maxMessageSize, out int totalLength, out headersLength);
            if (remaining.Length < totalLength)
            {
                return false;
            }

            span = remaining.Slice(0, totalLength);
            message = _singleSegment.Slice(consumed, totalLength);
        }
        else if (TryReadMessageAcrossSegments(out message, out headersLength))
        {
            span = message.Span;
        }
        else
        {
            return false;
        }

        EventStreamFraming.VerifyMessageCrc(span, _nextOffset);
        EventStreamHeaderCodec.Validate(span.Slice(EventStreamFraming.PreludeLength, headersLength), _nextOffset);

        _current = message;
        _currentHeadersLength = headersLength;
        _currentOffset = _nextOffset;
        _hasCurrent = true;
        _nextOffset += message.Length;
        _consumed += message.Length;
        return true;
    }

    private bool TryReadMessageAcrossSegments(out ReadOnlyMemory<byte> message, out int headersLength)
    {
        message = default;
        headersLength = 0;
        ReadOnlySequence<byte> remaining = _buffer.Slice(_consumed);
        if (remaining.Length < EventStreamFraming.PreludeLength)
        {
            return false;
        }

        int totalLength;
        ReadOnlySpan<byte> first = remaining.FirstSpan;
        if (first.Length >= EventStreamFraming.PreludeLength)
        {
            EventStreamFraming.ReadPrelude(first, _nextOffset, _maxMessageSize, out totalLength, out headersLength);
        }
        else
        {
            Span<byte> prelude = stackalloc byte[EventStreamFraming.PreludeLength];
            remaining.Slice(0, EventStreamFraming.PreludeLength).CopyTo(prelude);
            EventStreamFraming.ReadPrelude(prelude, _nextOffset, _maxMessageSize, out totalLength, out headersLength);
        }

        if (remaining.Length < totalLength)
        {
            return false;
        }

        message = first.Length >= totalLength
            ? remaining.First.Slice(0, totalLength)
            : CopyContiguous(remaining.Slice(0, totalLength));
        return true;
    }

    private ReadOnlyMemory<byte> CopyContiguous(ReadOnlySequence<byte> message)
    {
        int length = (int)message.Length;
        if (_contiguousCopy is null || _contiguousCopy.Length < length)
        {
            if (_contiguousCopy is not null)
            {
                ArrayPool<byte>.Shared.Return(_contiguousCopy);
            }

            _contiguousCopy = ArrayPool<byte>.Shared.Rent(length);
        }

        message.CopyTo(_contiguousCopy);
        return _contiguousCopy.AsMemory(0, length);
    }

    private EventStreamFormatException Truncated()
    {
        ReadOnlySequence<byte> remaining = _buffer.Slice(_consumed);
        long available = remaining.Length;
        string detail;
        if (available < EventStreamFraming.PreludeLength)
        {
            detail = $"the input ended after {available} of the {EventStreamFraming.PreludeLength} prelude bytes.";
        }
        else
        {
            // The prelude was validated by TryReadMessage, so its length is trustworthy here.
            Span<byte> prelude = stackalloc byte[EventStreamFraming.PreludeLength];
            remaining.Slice(0, EventStreamFraming.PreludeLength).CopyTo(prelude);
            EventStreamFraming.ReadPrelude(prelude, _nextOffset, _maxMessageSize, out int totalLength, out _);
            detail = $"the input ended after {available} of the message's {totalLength} bytes.";
        }

        return new EventStreamFormatException(EventStreamFormatError.TruncatedMessage, _nextOffset, detail);
    }

    private EventStreamFormatException Fault(EventStreamFormatException exception)
    {
        _hasCurrent = false;
        _fault ??= ExceptionDispatchInfo.Capture(exception);
        return exception;
    }

    private void BeginRead()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _fault?.Throw();
        if (_reading)
        {
            throw new InvalidOperationException("A read is already in progress; an EventStreamReader serves one consumer at a time.");
        }

        _reading = true;
    }

    private void EndRead() => _reading = false;

    private static readonly EventStreamReaderOptions Defaults = new();
}
