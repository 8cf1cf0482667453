namespace LambdaStreamGen;

/// <summary>
/// The response body ended without the <c>InvokeComplete</c> event that closes every complete stream
/// (docs/protocol.md §2.2): what arrived may be only part of the response, so it is not presented as complete.
/// </summary>
public sealed class LambdaStreamTruncatedException : LambdaStreamingException
{
    internal LambdaStreamTruncatedException(string functionName, long payloadBytes, long chunks, long bodyBytes, string? requestId, Exception? innerException = null)
        : base($"The stream of '{functionName}' ended without InvokeComplete after {chunks} payload chunk{(chunks == 1 ? string.Empty : "s")} ({payloadBytes} payload bytes, {bodyBytes} body bytes); the response may be incomplete. [request id {requestId ?? "none"}]", functionName, requestId, innerException)
    {
        PayloadBytesReceived = payloadBytes;
        ChunksReceived = chunks;
        BodyBytesReceived = bodyBytes;
    }

    /// <summary>Payload bytes received (and handed out) before the end.</summary>
    public long PayloadBytesReceived { get; }

    /// <summary><c>PayloadChunk</c> events received before the end.</summary>
    public long ChunksReceived { get; }

    /// <summary>Event-stream bytes received, framing included.</summary>
    public long BodyBytesReceived { get; }

}
