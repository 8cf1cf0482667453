namespace LambdaStreamGen.EventStreams;

/// <summary>
/// Thrown when bytes read as <c>application/vnd.amazon.eventstream</c> are not a valid message. The stream cannot
/// be trusted past this point (a corrupt length makes the next boundary unknowable), so the reader stops for good.
/// </summary>
public sealed class EventStreamFormatException : LambdaStreamingException
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="reason">Which check failed.</param>
    /// <param name="messageOffset">The byte offset, in the input, of the first byte of the offending message.</param>
    /// <param name="detail">A sentence describing the defect.</param>
    public EventStreamFormatException(EventStreamFormatError reason, long messageOffset, string detail)
        : base($"Invalid event-stream message at byte offset {messageOffset} ({reason}): {detail}")
    {
        Reason = reason;
        MessageOffset = messageOffset;
    }

    /// <summary>Which check failed.</summary>
    public EventStreamFormatError Reason { get; }

    /// <summary>The byte offset, in the input, of the first byte of the offending message.</summary>
    public long MessageOffset { get; }
}
