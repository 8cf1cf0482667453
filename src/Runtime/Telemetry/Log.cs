using Microsoft.Extensions.Logging;

namespace LambdaStreamGen.Telemetry;

/// <summary>
/// The client's log events: source-generated, so a disabled level costs one check and no formatting. The event ids
/// are part of the public contract (README.md, "Observability"): never renumber one. Per-invocation events are Debug,
/// retries and failures Warning; payload bytes appear only at Trace and only when the caller opted in
/// (<see cref="LambdaStreamingClientOptions.LogPayloadBytes"/>). No event carries a header, a credential or a signature.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, EventName = "InvocationStarting", Level = LogLevel.Debug,
        Message = "Invoking {FunctionName} (qualifier {Qualifier}) at {Endpoint} with {PayloadLength} payload bytes")]
    public static partial void InvocationStarting(ILogger logger, string functionName, string? qualifier, Uri endpoint, int payloadLength);

    [LoggerMessage(EventId = 2, EventName = "ResponseHeaders", Level = LogLevel.Debug,
        Message = "{FunctionName} answered {StatusCode} on attempt {Attempt} after {ElapsedMilliseconds:F1} ms (request id {RequestId})")]
    public static partial void ResponseHeaders(ILogger logger, string functionName, int statusCode, int attempt, double elapsedMilliseconds, string? requestId);

    [LoggerMessage(EventId = 3, EventName = "FirstByte", Level = LogLevel.Debug,
        Message = "First payload bytes of {FunctionName} after {ElapsedMilliseconds:F1} ms (request id {RequestId})")]
    public static partial void FirstByte(ILogger logger, string functionName, double elapsedMilliseconds, string? requestId);

    [LoggerMessage(EventId = 4, EventName = "RetryScheduled", Level = LogLevel.Warning,
        Message = "Attempt {Attempt} of {FunctionName} failed with {StatusCode} {ErrorCode}: {ErrorMessage}; retrying in {DelayMilliseconds:F0} ms (request id {RequestId})")]
    public static partial void RetryScheduled(ILogger logger, int attempt, string functionName, int statusCode, string errorCode, string errorMessage, double delayMilliseconds, string? requestId);

    [LoggerMessage(EventId = 5, EventName = "InvocationCompleted", Level = LogLevel.Debug,
        Message = "{FunctionName} completed: {PayloadBytes} payload bytes, {Records} records in {ElapsedMilliseconds:F1} ms (request id {RequestId})")]
    public static partial void Completed(ILogger logger, string functionName, long payloadBytes, long records, double elapsedMilliseconds, string? requestId);

    [LoggerMessage(EventId = 6, EventName = "FunctionError", Level = LogLevel.Warning,
        Message = "{FunctionName} reported a function error {ErrorCode} after {PayloadBytes} payload bytes (request id {RequestId})")]
    public static partial void FunctionError(ILogger logger, string functionName, string errorCode, long payloadBytes, string? requestId);

    [LoggerMessage(EventId = 7, EventName = "StreamTruncated", Level = LogLevel.Warning,
        Message = "The stream of {FunctionName} ended without InvokeComplete after {PayloadBytes} payload bytes: the response is incomplete (request id {RequestId})")]
    public static partial void Truncated(ILogger logger, string functionName, long payloadBytes, string? requestId);

    [LoggerMessage(EventId = 8, EventName = "InvocationCancelled", Level = LogLevel.Debug,
        Message = "The invocation of {FunctionName} was cancelled after {PayloadBytes} payload bytes and {ElapsedMilliseconds:F1} ms (request id {RequestId})")]
    public static partial void Cancelled(ILogger logger, string functionName, long payloadBytes, double elapsedMilliseconds, string? requestId);

    [LoggerMessage(EventId = 9, EventName = "InvocationFailed", Level = LogLevel.Warning,
        Message = "The invocation of {FunctionName} failed ({ErrorType}) after {PayloadBytes} payload bytes and {ElapsedMilliseconds:F1} ms (request id {RequestId})")]
    public static partial void Failed(ILogger logger, Exception exception, string functionName, string errorType, long payloadBytes, double elapsedMilliseconds, string? requestId);

    [LoggerMessage(EventId = 10, EventName = "StreamAbandoned", Level = LogLevel.Debug,
        Message = "The stream of {FunctionName} was disposed before its end after {PayloadBytes} payload bytes (request id {RequestId})")]
    public static partial void Abandoned(ILogger logger, string functionName, long payloadBytes, string? requestId);

    [LoggerMessage(EventId = 11, EventName = "RequestPayload", Level = LogLevel.Trace,
        Message = "Request payload of {FunctionName} (first {ShownBytes} of {PayloadLength} bytes): {Payload}")]
    public static partial void RequestPayload(ILogger logger, string functionName, int shownBytes, int payloadLength, string payload);

    [LoggerMessage(EventId = 12, EventName = "ResponseChunk", Level = LogLevel.Trace,
        Message = "Payload chunk of {FunctionName} (first {ShownBytes} of {ChunkLength} bytes): {Payload}")]
    public static partial void ResponseChunk(ILogger logger, string functionName, int shownBytes, int chunkLength, string payload);
}
