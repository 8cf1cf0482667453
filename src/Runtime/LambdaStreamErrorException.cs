namespace LambdaStreamGen;

/// <summary>
/// The service sent an event-stream <c>exception</c> or <c>error</c> message in the middle of the stream
/// (protocol.md §2.3). Items before it were handed out.
/// </summary>
public sealed class LambdaStreamErrorException : LambdaStreamingException
{
    internal LambdaStreamErrorException(string functionName, string kind, string code, string message, string? requestId)
        : base($"The stream of '{functionName}' carried an {kind} message {code}: {message} [request id {requestId ?? "none"}]")
    {
        FunctionName = functionName;
        Kind = kind;
        Code = code;
        ErrorMessage = message;
        RequestId = requestId;
    }

    /// <summary>The function that was streaming.</summary>
    public string FunctionName { get; }

    /// <summary><c>exception</c> or <c>error</c>: the <c>:message-type</c>.</summary>
    public string Kind { get; }

    /// <summary>The <c>:exception-type</c> or <c>:error-code</c>.</summary>
    public string Code { get; }

    /// <summary>The message: the <c>message</c> of an exception's JSON body, or the <c>:error-message</c> header.</summary>
    public string ErrorMessage { get; }

    /// <summary>The request id.</summary>
    public string? RequestId { get; }
}
