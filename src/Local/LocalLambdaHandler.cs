namespace LambdaStreamGen.Local;

/// <summary>
/// A streaming function hosted by the emulator. Write the response with <paramref name="response"/>; return to
/// finish it (the emulator then sends <c>InvokeComplete</c>), or throw to fail it the way Lambda reports an
/// unhandled error: the chunks already sent stay sent, then <c>InvokeComplete</c> carries <c>ErrorCode</c>
/// <c>Unhandled</c>.
/// </summary>
/// <param name="invocation">The request: payload, qualifier, client context, request id, log.</param>
/// <param name="response">Writes payload chunks to the caller.</param>
/// <param name="cancellationToken">Fires when the caller disconnects.</param>
/// <returns>A task that completes when the function is done.</returns>
public delegate Task LocalLambdaHandler(LocalInvocation invocation, LocalResponseWriter response, CancellationToken cancellationToken);
