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
}
