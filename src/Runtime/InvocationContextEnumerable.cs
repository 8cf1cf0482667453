namespace LambdaStreamGen;

/// <summary>
/// Passes a decoder's items through, counts them for the invocation's telemetry, and adds the invocation (function
/// name, request id) to any <see cref="LambdaStreamingException"/> it throws, so that every failure of a response can
/// be handled the same way whichever layer raised it; a decoder's own failure (a malformed record, cancellation
/// between buffered records) ends the invocation's telemetry too. A plain forwarding enumerator rather than an async
/// iterator: it costs one call per item.
/// </summary>
internal sealed class InvocationContextEnumerable<T>(IAsyncEnumerable<T> inner, string functionName, string? requestId, Telemetry.InvocationTelemetry telemetry) : IAsyncEnumerable<T>
{
    public IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default) =>
        new Enumerator(inner.GetAsyncEnumerator(cancellationToken), functionName, requestId, telemetry);

    private sealed class Enumerator(IAsyncEnumerator<T> inner, string functionName, string? requestId, Telemetry.InvocationTelemetry telemetry) : IAsyncEnumerator<T>
    {
        public T Current => inner.Current;

        public ValueTask<bool> MoveNextAsync()
        {
            ValueTask<bool> next;
            try
            {
                next = inner.MoveNextAsync();
            }
            catch (Exception exception) when (Observe(exception))
            {
                throw;
            }

            if (next.IsCompletedSuccessfully)
            {
                return Counted(next.Result);
            }

            return AwaitAsync(next);
        }

        public ValueTask DisposeAsync() => inner.DisposeAsync();

        private ValueTask<bool> Counted(bool hasItem)
        {
            if (hasItem)
            {
                telemetry.Record();
            }

            return new ValueTask<bool>(hasItem);
        }

        private async ValueTask<bool> AwaitAsync(ValueTask<bool> next)
        {
            try
            {
                bool hasItem = await next.ConfigureAwait(false);
                if (hasItem)
                {
                    telemetry.Record();
                }

                return hasItem;
            }
            catch (Exception exception) when (Observe(exception))
            {
                throw;
            }
        }

        // An exception filter that never catches: the exception keeps its stack, and is only annotated and reported.
        private bool Observe(Exception exception)
        {
            (exception as LambdaStreamingException)?.AttachInvocation(functionName, requestId);
            return telemetry.Failed(exception);
        }
    }
}
