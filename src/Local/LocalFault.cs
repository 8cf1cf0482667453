namespace LambdaStreamGen.Local;

/// <summary>
/// A failure the emulator injects into an invocation, so that callers can test how they handle it. Attach faults to a
/// function for every invocation (<see cref="LocalFunction.InjectFault"/>) or for the next ones only
/// (<see cref="LocalFunction.InjectFaultOnce"/>).
/// </summary>
public abstract record LocalFault
{
    private protected LocalFault()
    {
    }

    /// <summary>
    /// Rejects the invocation with HTTP 429 <c>TooManyRequestsException</c> and a <c>Retry-After</c> header, as Lambda
    /// does when a concurrency limit is reached. The handler does not run.
    /// </summary>
    /// <param name="retryAfter">The value of <c>Retry-After</c> (whole seconds); default 1 second.</param>
    /// <returns>The fault.</returns>
    public static LocalFault Throttle(TimeSpan? retryAfter = null) => new ThrottleFault(retryAfter ?? TimeSpan.FromSeconds(1));

    /// <summary>Rejects the invocation with any modeled Lambda error. The handler does not run.</summary>
    /// <param name="statusCode">The HTTP status, for example 500 or 502.</param>
    /// <param name="errorType">The error code sent as <c>X-Amzn-ErrorType</c>, for example <c>ServiceException</c>.</param>
    /// <param name="message">The error message.</param>
    /// <returns>The fault.</returns>
    public static LocalFault ServiceError(int statusCode, string errorType, string message) => new ServiceErrorFault(statusCode, errorType, message);

    /// <summary>Waits before sending the response headers (the "first byte").</summary>
    /// <param name="delay">How long to wait.</param>
    /// <returns>The fault.</returns>
    public static LocalFault DelayFirstByte(TimeSpan delay) => new DelayFirstByteFault(delay);

    /// <summary>
    /// Ends the response cleanly after <paramref name="payloadBytes"/> payload bytes, without <c>InvokeComplete</c>:
    /// the body looks complete to HTTP but the stream is truncated.
    /// </summary>
    /// <param name="payloadBytes">How many payload bytes reach the caller.</param>
    /// <returns>The fault.</returns>
    public static LocalFault EndStreamAfterPayloadBytes(long payloadBytes) => new TruncateFault(payloadBytes, ResetConnection: false);

    /// <summary>Aborts the connection after <paramref name="payloadBytes"/> payload bytes, as a network failure would.</summary>
    /// <param name="payloadBytes">How many payload bytes reach the caller.</param>
    /// <returns>The fault.</returns>
    public static LocalFault ResetConnectionAfterPayloadBytes(long payloadBytes) => new TruncateFault(payloadBytes, ResetConnection: true);

    /// <summary>Sends the event-stream message at <paramref name="messageIndex"/> (0 = first) with a wrong message CRC.</summary>
    /// <param name="messageIndex">Which message of the response to corrupt.</param>
    /// <returns>The fault.</returns>
    public static LocalFault CorruptMessageCrc(int messageIndex) => new CorruptCrcFault(messageIndex);

    /// <summary>
    /// After the handler's chunks, sends an event-stream <c>exception</c> message (<c>:exception-type</c> and a JSON
    /// body <c>{"message":...}</c>) instead of <c>InvokeComplete</c>.
    /// </summary>
    /// <param name="exceptionType">The <c>:exception-type</c> header.</param>
    /// <param name="message">The message in the body.</param>
    /// <returns>The fault.</returns>
    public static LocalFault InStreamException(string exceptionType, string message) => new InStreamExceptionFault(exceptionType, message);

    /// <summary>
    /// After the handler's chunks, sends an event-stream <c>error</c> message (<c>:error-code</c>,
    /// <c>:error-message</c>) instead of <c>InvokeComplete</c>.
    /// </summary>
    /// <param name="errorCode">The <c>:error-code</c> header.</param>
    /// <param name="message">The <c>:error-message</c> header.</param>
    /// <returns>The fault.</returns>
    public static LocalFault InStreamError(string errorCode, string message) => new InStreamErrorFault(errorCode, message);

    /// <summary>Sends an event of a type Lambda does not define before the first payload chunk; clients must skip it.</summary>
    /// <param name="eventType">The <c>:event-type</c>; default <c>FutureEvent</c>.</param>
    /// <returns>The fault.</returns>
    public static LocalFault UnknownEvent(string eventType = "FutureEvent") => new UnknownEventFault(eventType);
}

internal sealed record ThrottleFault(TimeSpan RetryAfter) : LocalFault;

internal sealed record ServiceErrorFault(int StatusCode, string ErrorType, string Message) : LocalFault;

internal sealed record DelayFirstByteFault(TimeSpan Delay) : LocalFault;

internal sealed record TruncateFault(long PayloadBytes, bool ResetConnection) : LocalFault;

internal sealed record CorruptCrcFault(int MessageIndex) : LocalFault;

internal sealed record InStreamExceptionFault(string ExceptionType, string Message) : LocalFault;

internal sealed record InStreamErrorFault(string ErrorCode, string Message) : LocalFault;

internal sealed record UnknownEventFault(string EventType) : LocalFault;
