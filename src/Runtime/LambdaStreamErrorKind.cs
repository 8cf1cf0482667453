namespace LambdaStreamGen;

/// <summary>What ended a stream with <see cref="LambdaStreamErrorException"/>.</summary>
public enum LambdaStreamErrorKind
{
    /// <summary>
    /// An event-stream message of <c>:message-type</c> <c>exception</c>: a modeled service error sent in the stream
    /// (<c>:exception-type</c>, a JSON body with its message).
    /// </summary>
    Exception,

    /// <summary>An event-stream message of <c>:message-type</c> <c>error</c> (<c>:error-code</c>, <c>:error-message</c>).</summary>
    Error,

    /// <summary>
    /// A message this client cannot interpret: no or an unknown <c>:message-type</c>, an event without
    /// <c>:event-type</c>, an <c>InvokeComplete</c> that is not JSON. Ending the stream is safer than guessing.
    /// </summary>
    Unrecognized,
}
