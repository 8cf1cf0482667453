using System.Net;

namespace LambdaStreamGen;

/// <summary>
/// Lambda (or the endpoint) answered with an HTTP error before any stream started: throttling, a missing function,
/// bad credentials, a service fault. The function did not stream anything.
/// </summary>
public sealed class LambdaServiceException : LambdaStreamingException
{
    internal LambdaServiceException(string functionName, ServiceError error, bool isRetryable, bool isThrottling, int attempts, IReadOnlyList<LambdaAttemptFailure> attemptFailures, string? note = null, Exception? innerException = null)
        : base(Describe(functionName, error, attempts, note), functionName, error.RequestId, innerException)
    {
        IsRetryable = isRetryable;
        IsThrottling = isThrottling;
        StatusCode = error.StatusCode;
        ErrorCode = error.ErrorCode;
        ErrorMessage = error.Message;
        ErrorType = error.Type;
        ThrottlingReason = error.Reason;
        EC2ErrorCode = error.EC2ErrorCode;
        RetryAfter = error.RetryAfter;
        Attempts = attempts;
        AttemptFailures = attemptFailures;
    }

    /// <summary>The HTTP status of the last attempt (0 when no response arrived).</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The error code, for example <c>ResourceNotFoundException</c> (docs/protocol.md §2.4), or <c>ConnectionFailure</c>.</summary>
    public string ErrorCode { get; }

    /// <summary>The service's message.</summary>
    public string ErrorMessage { get; }

    /// <summary>Who the service blames: the <c>Type</c> member of Lambda's errors, <c>User</c> or <c>Service</c>, when sent.</summary>
    public string? ErrorType { get; }

    /// <summary>The <c>EC2ErrorCode</c> of an <c>EC2UnexpectedException</c>, when sent.</summary>
    public string? EC2ErrorCode { get; }

    /// <summary>How many attempts were made, retries included.</summary>
    public int Attempts { get; }

    /// <summary>Every failed attempt in order, the last one included: why each retry happened and how long it waited.</summary>
    public IReadOnlyList<LambdaAttemptFailure> AttemptFailures { get; }

    /// <summary>
    /// Whether a later attempt may succeed: throttling, 500/502/503/504, transient error codes and connection failures
    /// (the standard retry mode's rule, docs/protocol.md §2.4). Never another 4xx.
    /// </summary>
    public bool IsRetryable { get; }

    /// <summary>Whether the service throttled the call (a throttling error code or HTTP 429).</summary>
    public bool IsThrottling { get; }

    /// <summary>The <c>Reason</c> of a <c>TooManyRequestsException</c>, for example <c>ReservedFunctionConcurrentInvocationLimitExceeded</c>.</summary>
    public string? ThrottlingReason { get; }

    /// <summary>How long the service asked the caller to wait (<c>Retry-After</c> or <c>x-amz-retry-after</c>), when it said.</summary>
    public TimeSpan? RetryAfter { get; }

    private static string Describe(string functionName, ServiceError error, int attempts, string? note) =>
        $"Invoking '{functionName}' failed with {error.ErrorCode}{(error.StatusCode == 0 ? string.Empty : $" (HTTP {(int)error.StatusCode})")}: {error.Message} " +
        $"[request id {error.RequestId ?? "none"}, {attempts} attempt{(attempts == 1 ? string.Empty : "s")}{(note is null ? string.Empty : "; " + note)}]";
}
