namespace LambdaStreamGen;

/// <summary>
/// Passes a decoder's items through and adds the invocation (function name, request id) to any
/// <see cref="LambdaStreamingException"/> it throws, so that every failure of a response can be handled the same way
/// whichever layer raised it. A plain forwarding enumerator rather than an async iterator: it costs one call per item.
/// </summary>
internal sealed class InvocationContextEnumerable<T>(IAsyncEnumerable<T> inner, string functionName, string? requestId) : IAsyncEnumerable<T>
{
    public IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default) =>
        new Enumerator(inner.GetAsyncEnumerator(cancellationToken), functionName, requestId);

    private sealed class Enumerator(IAsyncEnumerator<T> inner, string functionName, string? requestId) : IAsyncEnumerator<T>
    {
        public T Current => inner.Current;

        public ValueTask<bool> MoveNextAsync()
        {
            ValueTask<bool> next;
            try
            {
                next = inner.MoveNextAsync();
            }
            catch (LambdaStreamingException exception)
            {
                exception.AttachInvocation(functionName, requestId);
                throw;
            }

            return next.IsCompletedSuccessfully ? next : AwaitAsync(next);
        }

        public ValueTask DisposeAsync() => inner.DisposeAsync();

        private async ValueTask<bool> AwaitAsync(ValueTask<bool> next)
        {
            try
            {
                return await next.ConfigureAwait(false);
            }
            catch (LambdaStreamingException exception)
            {
                exception.AttachInvocation(functionName, requestId);
                throw;
            }
        }
    }
}
