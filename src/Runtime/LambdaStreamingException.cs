namespace LambdaStreamGen;

/// <summary>
/// The base class of every exception LambdaStreamGen throws for a failure of the stream, the service or the
/// function, so that callers can catch the library's failures in one place while cancellation
/// (<see cref="OperationCanceledException"/>) and argument errors keep their usual types.
/// </summary>
/// <remarks>
/// This type sits at the root of the runtime on purpose: every layer (event-stream codec, invocation, decoding)
/// derives its exceptions from it, and it depends on nothing.
/// </remarks>
public abstract class LambdaStreamingException : Exception
{
    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">A sentence that says what failed and where.</param>
    protected LambdaStreamingException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and the exception that caused it.</summary>
    /// <param name="message">A sentence that says what failed and where.</param>
    /// <param name="innerException">The underlying failure.</param>
    protected LambdaStreamingException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance for a failure of one invocation.</summary>
    /// <param name="message">A sentence that says what failed and where.</param>
    /// <param name="functionName">The function that was called.</param>
    /// <param name="requestId">The request id, when the service sent one.</param>
    /// <param name="innerException">The underlying failure.</param>
    protected LambdaStreamingException(string message, string? functionName, string? requestId, Exception? innerException = null)
        : base(message, innerException)
    {
        FunctionName = functionName;
        RequestId = requestId;
    }

    /// <summary>
    /// The function that was called, as the caller named it; <see langword="null"/> only when the failing code (an
    /// event-stream reader or a decoder) was used on its own, outside an invocation.
    /// </summary>
    public string? FunctionName { get; private set; }

    /// <summary>The request id (<c>x-amzn-RequestId</c>) of the invocation, when the service sent one.</summary>
    public string? RequestId { get; private set; }

    /// <summary>
    /// Adds the invocation to an exception raised by a layer that does not know it (the codec, a decoder), as the
    /// exception passes out of a response. Values already set are kept.
    /// </summary>
    internal void AttachInvocation(string functionName, string? requestId)
    {
        FunctionName ??= functionName;
        RequestId ??= requestId;
    }
}
