namespace LambdaStreamGen.Invocation;

/// <summary>
/// How a client sends one attempt: through a caller's <see cref="HttpClient"/>, through a handler, or through a handler
/// asked for afresh on every attempt (what <c>IHttpClientFactory</c> hands out: pooled, rotated handlers that must not
/// be held for the life of a long-lived client). Every path returns as soon as the response headers arrived and never
/// buffers the body.
/// </summary>
internal abstract class HttpTransport : IDisposable
{
    public abstract Task<HttpResponseMessage> SendAsync(HttpRequestMessage message, CancellationToken cancellationToken);

    /// <summary>A timeout of the HTTP stack itself on each attempt, beside the client's own: only a caller's <see cref="HttpClient"/> has one.</summary>
    public virtual TimeSpan? StackTimeout => null;

    /// <summary>
    /// The caller's own user agent (a caller's <see cref="HttpClient"/> may carry one in its default headers), which a
    /// request's own <c>User-Agent</c> would otherwise replace rather than join.
    /// </summary>
    public virtual string? CallerUserAgent => null;

    public virtual void Dispose()
    {
    }

    public static HttpTransport Over(HttpClient client, bool owned) => new ClientTransport(client, owned);

    public static HttpTransport Over(HttpMessageHandler handler, bool disposeHandler) => new InvokerTransport(new HttpMessageInvoker(handler, disposeHandler));

    public static HttpTransport Over(Func<HttpMessageHandler> handlerSource) => new HandlerSourceTransport(handlerSource);

    private sealed class ClientTransport(HttpClient client, bool owned) : HttpTransport
    {
        // HttpClient.SendAsync(message, token) would read the whole body first: ask for the headers only.
        public override Task<HttpResponseMessage> SendAsync(HttpRequestMessage message, CancellationToken cancellationToken) =>
            client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken);

        public override TimeSpan? StackTimeout => client.Timeout;

        public override string? CallerUserAgent => client.DefaultRequestHeaders.UserAgent.Count > 0 ? client.DefaultRequestHeaders.UserAgent.ToString() : null;

        public override void Dispose()
        {
            if (owned)
            {
                client.Dispose();
            }
        }
    }

    // A bare invoker: no HttpClient.Timeout (the client's own timeouts apply) and no buffering of the content.
    private sealed class InvokerTransport(HttpMessageInvoker invoker) : HttpTransport
    {
        public override Task<HttpResponseMessage> SendAsync(HttpRequestMessage message, CancellationToken cancellationToken) =>
            invoker.SendAsync(message, cancellationToken);

        public override void Dispose() => invoker.Dispose();
    }

    private sealed class HandlerSourceTransport(Func<HttpMessageHandler> handlerSource) : HttpTransport
    {
        public override Task<HttpResponseMessage> SendAsync(HttpRequestMessage message, CancellationToken cancellationToken)
        {
            HttpMessageHandler handler = handlerSource() ?? throw new InvalidOperationException("The handler source returned null.");

            // The invoker is not disposed: the handler belongs to its source, which decides when it is retired.
            return new HttpMessageInvoker(handler, disposeHandler: false).SendAsync(message, cancellationToken);
        }
    }
}
