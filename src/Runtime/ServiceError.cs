using System.Net;

namespace LambdaStreamGen;

/// <summary>What one failed attempt told: the parsed restJson1 error, or a connection failure.</summary>
internal sealed record ServiceError(
    HttpStatusCode StatusCode,
    string ErrorCode,
    string Message,
    string? RequestId,
    string? Type = null,
    string? Reason = null,
    string? EC2ErrorCode = null,
    TimeSpan? RetryAfter = null,
    DateTimeOffset? ServerDate = null);
