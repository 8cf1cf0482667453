namespace LambdaStreamGen;

/// <summary>
/// The function failed: its stream ended with an <c>InvokeComplete</c> event carrying an <c>ErrorCode</c>
/// (docs/protocol.md §2.2). Everything the function streamed before the failure was handed out first.
/// </summary>
public sealed class LambdaFunctionException : LambdaStreamingException
{
    internal LambdaFunctionException(string functionName, string errorCode, string? errorDetails, string? errorType, string? errorMessage, IReadOnlyList<string> stackTrace, string? logResult, string? requestId, string? executedVersion)
        : base($"Function '{functionName}' failed with {errorCode}: {errorType ?? errorCode}: {errorMessage ?? errorDetails ?? "(no details)"} [request id {requestId ?? "none"}]", functionName, requestId)
    {
        ErrorCode = errorCode;
        ErrorDetails = errorDetails;
        ErrorType = errorType;
        ErrorMessage = errorMessage;
        FunctionStackTrace = stackTrace;
        LogResult = logResult;
        ExecutedVersion = executedVersion;
    }

    /// <summary>The <c>InvokeComplete</c> error code, for example <c>Unhandled</c>.</summary>
    public string ErrorCode { get; }

    /// <summary>The raw <c>ErrorDetails</c> text.</summary>
    public string? ErrorDetails { get; }

    /// <summary>The <c>errorType</c> when <see cref="ErrorDetails"/> is Lambda's error JSON, for example <c>InvalidOperationException</c>.</summary>
    public string? ErrorType { get; }

    /// <summary>The <c>errorMessage</c> when <see cref="ErrorDetails"/> is Lambda's error JSON.</summary>
    public string? ErrorMessage { get; }

    /// <summary>The function's <c>stackTrace</c> lines when <see cref="ErrorDetails"/> carries them; empty otherwise.</summary>
    public IReadOnlyList<string> FunctionStackTrace { get; }

    /// <summary>The decoded tail of the function's log, when it was requested with <see cref="LambdaLogType.Tail"/>.</summary>
    public string? LogResult { get; }

    /// <summary>The version that ran.</summary>
    public string? ExecutedVersion { get; }
}
