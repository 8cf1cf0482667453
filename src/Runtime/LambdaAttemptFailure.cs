using System.Net;

namespace LambdaStreamGen;

/// <summary>One failed attempt of an invocation, kept so that a caller can see why each retry happened.</summary>
/// <param name="Attempt">The 1-based attempt number.</param>
/// <param name="StatusCode">The HTTP status, or 0 when no response arrived (a connection failure).</param>
/// <param name="ErrorCode">The error code, for example <c>TooManyRequestsException</c> or <c>ConnectionFailure</c>.</param>
/// <param name="Message">The service's message, or the connection error's.</param>
/// <param name="RequestId">The attempt's request id, when the service sent one.</param>
/// <param name="RetryDelay">How long the client waited before the next attempt; <see langword="null"/> when it made none.</param>
public sealed record LambdaAttemptFailure(int Attempt, HttpStatusCode StatusCode, string ErrorCode, string Message, string? RequestId, TimeSpan? RetryDelay);
