namespace LambdaStreamGen.EventStreams;

/// <summary>Options for an <see cref="EventStreamReader"/>.</summary>
public sealed class EventStreamReaderOptions
{
    /// <summary>
    /// The default maximum message size: a 24 MiB payload plus 128 KiB of headers plus the 16-byte frame, the largest
    /// message the Smithy specification allows (docs/protocol.md §3, "Size limits").
    /// </summary>
    public const int DefaultMaxMessageSize = (24 * 1024 * 1024) + (128 * 1024) + 16;

    /// <summary>The default number of bytes requested from a <see cref="Stream"/> per read.</summary>
    public const int DefaultBufferSize = 64 * 1024;

    /// <summary>
    /// The largest total message length accepted. A prelude that claims more fails with
    /// <see cref="EventStreamFormatError.MessageTooLarge"/> before anything is allocated. Default
    /// <see cref="DefaultMaxMessageSize"/>; at least 16.
    /// </summary>
    public int MaxMessageSize { get; init; } = DefaultMaxMessageSize;

    /// <summary>The size of the reads issued to an underlying <see cref="Stream"/>. Default 64 KiB.</summary>
    public int BufferSize { get; init; } = DefaultBufferSize;

    /// <summary>
    /// Whether disposing the reader leaves the underlying <see cref="Stream"/> open (or the <see cref="System.IO.Pipelines.PipeReader"/>
    /// uncompleted). Default <see langword="false"/>: the reader owns its input.
    /// </summary>
    public bool LeaveOpen { get; init; }

    internal void Validate()
    {
        if (MaxMessageSize < EventStreamFraming.MinimumMessageLength)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxMessageSize), MaxMessageSize, $"The maximum message size must be at least {EventStreamFraming.MinimumMessageLength} bytes.");
        }

        if (BufferSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(BufferSize), BufferSize, "The buffer size must be positive.");
        }
    }
}
