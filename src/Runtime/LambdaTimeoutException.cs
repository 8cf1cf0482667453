namespace LambdaStreamGen;

/// <summary>One of the client's timeouts fired; the HTTP response was aborted.</summary>
public sealed class LambdaTimeoutException : LambdaStreamingException
{
    internal LambdaTimeoutException(string functionName, LambdaTimeoutKind kind, TimeSpan limit, long bodyBytes, string? requestId)
        : base($"Invoking '{functionName}' timed out: the {kind} timeout of {limit} elapsed after {bodyBytes} body bytes were received. [request id {requestId ?? "none"}]", functionName, requestId)
    {
        Kind = kind;
        Limit = limit;
        BodyBytesReceived = bodyBytes;
    }

    /// <summary>Which timeout fired.</summary>
    public LambdaTimeoutKind Kind { get; }

    /// <summary>The configured limit that elapsed.</summary>
    public TimeSpan Limit { get; }

    /// <summary>Event-stream bytes received before the timeout, framing included.</summary>
    public long BodyBytesReceived { get; }

}
