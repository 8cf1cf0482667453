using Microsoft.Extensions.Logging;

namespace LambdaStreamGen.AspNetCore;

/// <summary>The relay's log events (category <c>LambdaStreamGen.AspNetCore</c>); ids are stable.</summary>
internal static partial class RelayLog
{
    public const string Category = "LambdaStreamGen.AspNetCore";

    [LoggerMessage(EventId = 101, EventName = "RelayFailedBeforeStart", Level = LogLevel.Warning, Message = "The Lambda stream failed before the response started ({Code}); answering {StatusCode}")]
    public static partial void FailedBeforeStart(ILogger logger, Exception exception, string code, int statusCode);

    [LoggerMessage(EventId = 102, EventName = "RelayFailedAfterStart", Level = LogLevel.Warning, Message = "The Lambda stream failed after {Records} relayed records ({Code}); the response ends with an error record")]
    public static partial void FailedAfterStart(ILogger logger, Exception exception, string code, long records);

    [LoggerMessage(EventId = 103, EventName = "RelayCancelled", Level = LogLevel.Debug, Message = "The browser went away after {Records} records; the Lambda stream was cancelled")]
    public static partial void Cancelled(ILogger logger, long records);

    [LoggerMessage(EventId = 104, EventName = "RawRelayAborted", Level = LogLevel.Warning, Message = "The Lambda stream failed after {Bytes} relayed bytes ({Code}); the connection was aborted so that the download is not taken as complete")]
    public static partial void RawAborted(ILogger logger, Exception exception, string code, long bytes);
}
