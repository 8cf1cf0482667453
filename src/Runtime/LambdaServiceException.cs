using System.Net;

namespace LambdaStreamGen;

/// <summary>
/// Lambda (or the endpoint) answered with an HTTP error before any stream started: throttling, a missing function,
/// bad credentials, a service fault. The function did not stream anything.
/// </summary>
public sealed class LambdaServiceException : LambdaStreamingException
{
    internal LambdaServiceException(string functionName, HttpStatusCode statusCode, string errorCode, string errorMessage, string? requestId, int attempts, string? throttlingReason, TimeSpan? retryAfter, Exception? innerException = null)
        : base(Describe(functionName, statusCode, errorCode, errorMessage, requestId, attempts), functionName, requestId, innerException)
    {
        StatusCode = statusCode;
        ErrorCode = errorCode;
        ErrorMessage = errorMessage;
        Attempts = attempts;
        ThrottlingReason = throttlingReason;
        RetryAfter = retryAfter;
    }

    /// <summary>The HTTP status of the last attempt (0 when no response arrived).</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The error code, for example <c>ResourceNotFoundException</c> (docs/protocol.md §2.4), or <c>ConnectionFailure</c>.</summary>
    public string ErrorCode { get; }

    /// <summary>The service's message.</summary>
    public string ErrorMessage { get; }

    /// <summary>How many attempts were made, retries included.</summary>
    public int Attempts { get; }

    /// <summary>Whether the error is one that a later attempt may not hit (throttling, 500/502/503/504, connection failures).</summary>
    public bool IsRetryable => StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway
        or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout || StatusCode == 0;

    /// <summary>Whether Lambda throttled the call (HTTP 429).</summary>
    public bool IsThrottling => StatusCode == HttpStatusCode.TooManyRequests;

    /// <summary>The <c>Reason</c> of a <c>TooManyRequestsException</c>, for example <c>ReservedFunctionConcurrentInvocationLimitExceeded</c>.</summary>
    public string? ThrottlingReason { get; }

    /// <summary>How long the service asked the caller to wait (<c>Retry-After</c>), when it said.</summary>
    public TimeSpan? RetryAfter { get; }

    private static string Describe(string functionName, HttpStatusCode statusCode, string errorCode, string errorMessage, string? requestId, int attempts) =>
        $"Invoking '{functionName}' failed with {errorCode}{(statusCode == 0 ? string.Empty : $" (HTTP {(int)statusCode})")}: {errorMessage} " +
        $"[request id {requestId ?? "none"}, {attempts} attempt{(attempts == 1 ? string.Empty : "s")}]";
}
