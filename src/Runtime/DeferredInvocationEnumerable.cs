namespace LambdaStreamGen;

/// <summary>
/// The items of a generated streaming method: invokes on the first <c>MoveNextAsync</c>, then hands every later call
/// straight to the decoder's enumerator. An <see langword="async"/> iterator wrapping the decoder would add a second
/// state machine step to every record, which cost the generated client about a tenth of its throughput on small
/// records (docs/benchmarks.md, replay); this keeps it within a few percent of calling the runtime directly.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
internal sealed class DeferredInvocationEnumerable<T> : IAsyncEnumerable<T>
{
    private readonly LambdaStreamingClient _client;
    private readonly LambdaStreamingRequest _request;
    private readonly Stream? _payload;
    private readonly Func<LambdaResponseStream, CancellationToken, IAsyncEnumerable<T>> _read;
    private readonly CancellationToken _cancellationToken;

    // Every enumeration is an invocation, but a stream payload can be read only once: the first enumeration reads it
    // into the request, and later ones send those bytes again rather than the stream's empty rest. A read that failed
    // fails every enumeration, since what is left of the stream is no longer the payload.
    private readonly object _payloadLock = new();
    private Task? _payloadRead;

    public DeferredInvocationEnumerable(
        LambdaStreamingClient client,
        LambdaStreamingRequest request,
        Stream? payload,
        Func<LambdaResponseStream, CancellationToken, IAsyncEnumerable<T>> read,
        CancellationToken cancellationToken)
    {
        _client = client;
        _request = request;
        _payload = payload;
        _read = read;
        _cancellationToken = cancellationToken;
    }

    public IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken enumeratorCancellation = default) =>
        new Enumerator(this, enumeratorCancellation);

    private Task ReadPayloadOnceAsync(Stream payload, CancellationToken cancellationToken)
    {
        lock (_payloadLock)
        {
            return _payloadRead ??= GeneratedClientSupport.ReadPayloadIntoAsync(_request, payload, cancellationToken);
        }
    }

    private sealed class Enumerator(DeferredInvocationEnumerable<T> source, CancellationToken enumeratorCancellation) : IAsyncEnumerator<T>
    {
        private CancellationTokenSource? _linked;
        private LambdaResponseStream? _response;
        private IAsyncEnumerator<T>? _items;
        private bool _failed;

        public T Current => _items is null ? default! : _items.Current;

        // As an async iterator does, an enumerator whose start failed has nothing more to give.
        public ValueTask<bool> MoveNextAsync() => _items is { } items ? items.MoveNextAsync() : _failed ? default : StartAsync();

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (_items is not null)
                {
                    await _items.DisposeAsync().ConfigureAwait(false);
                }
            }
            finally
            {
                if (_response is not null)
                {
                    await _response.DisposeAsync().ConfigureAwait(false);
                }

                _linked?.Dispose();
            }
        }

        private async ValueTask<bool> StartAsync()
        {
            // Both the method's token and the one given to WithCancellation cancel the call; a source is linked only when
            // there really are two.
            CancellationToken method = source._cancellationToken;
            if (method.CanBeCanceled && enumeratorCancellation.CanBeCanceled && method != enumeratorCancellation)
            {
                _linked = CancellationTokenSource.CreateLinkedTokenSource(method, enumeratorCancellation);
            }

            CancellationToken token = _linked?.Token ?? (method.CanBeCanceled ? method : enumeratorCancellation);
            try
            {
                if (source._payload is { } payload)
                {
                    await source.ReadPayloadOnceAsync(payload, token).ConfigureAwait(false);
                }

                _response = await GeneratedClientSupport.InvokeAsync(source._client, source._request, payload: null, token).ConfigureAwait(false);
                _items = source._read(_response, token).GetAsyncEnumerator(token);
            }
            catch
            {
                _failed = true;
                throw;
            }

            return await _items.MoveNextAsync().ConfigureAwait(false);
        }
    }
}
