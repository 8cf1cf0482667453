namespace LambdaStreamGen;

/// <summary>
/// The service sent an event-stream <c>exception</c> or <c>error</c> message in the middle of the stream
/// (docs/protocol.md §2.3). Items before it were handed out.
/// </summary>
public sealed class LambdaStreamErrorException : LambdaStreamingException
{
    internal LambdaStreamErrorException(string functionName, LambdaStreamErrorKind kind, string code, string message, string? requestId)
        : base($"The stream of '{functionName}' carried {Describe(kind)} {code}: {message} [request id {requestId ?? "none"}]", functionName, requestId)
    {
        Kind = kind;
        Code = code;
        ErrorMessage = message;
    }

    /// <summary>What kind of message ended the stream: an <c>exception</c> or <c>error</c> message, or one this client cannot interpret.</summary>
    public LambdaStreamErrorKind Kind { get; }

    /// <summary>The <c>:exception-type</c> or <c>:error-code</c>.</summary>
    public string Code { get; }

    /// <summary>The message: the <c>message</c> of an exception's JSON body, or the <c>:error-message</c> header.</summary>
    public string ErrorMessage { get; }

    private static string Describe(LambdaStreamErrorKind kind) => kind switch
    {
        LambdaStreamErrorKind.Exception => "an exception message",
        LambdaStreamErrorKind.Error => "an error message",
        _ => "a message it could not interpret,",
    };
}
