using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using LambdaStreamGen.Decoding;
using LambdaStreamGen.Invocation;
using LambdaStreamGen.Telemetry;

namespace LambdaStreamGen;

/// <summary>
/// A streamed response of <c>InvokeWithResponseStream</c>. Read it once, in the shape that fits: raw chunks
/// (<see cref="ReadChunksAsync"/>), a <see cref="Stream"/> (<see cref="AsStream"/>), JSON lines, text lines, a JSON
/// array or server-sent events. Items arrive while the function is still running.
/// </summary>
/// <remarks>
/// <para>
/// Failure is never silent. A function error (<c>InvokeComplete.ErrorCode</c>) throws <see cref="LambdaFunctionException"/>
/// after every item before it was handed out; a body that ends without <c>InvokeComplete</c> throws
/// <see cref="LambdaStreamTruncatedException"/>; corrupt framing throws <see cref="EventStreams.EventStreamFormatException"/>;
/// an in-stream error throws <see cref="LambdaStreamErrorException"/>; a timeout throws <see cref="LambdaTimeoutException"/>.
/// Cancellation throws <see cref="OperationCanceledException"/> and aborts the HTTP response.
/// </para>
/// <para>Dispose the response (or read it to the end) to release the connection.</para>
/// </remarks>
public sealed class LambdaResponseStream : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly LambdaEventReader? _events;
    private readonly StreamTimeouts _timeouts;
    private readonly JsonSerializerOptions _jsonOptions;
    private readonly int _maxRecordBytes;
    private readonly InvocationTelemetry _telemetry;
    private int _readerTaken;
    private bool _disposed;

    // Body bytes that arrived in the same chunk as the end of an HTTP-integration prelude: read before anything else.
    private ReadOnlyMemory<byte> _bodyStart;
    private bool _preludeRead;

    internal LambdaResponseStream(HttpResponseMessage response, Stream? body, StreamTimeouts timeouts, InvocationInfo info, int attempts, JsonSerializerOptions jsonOptions, int maxRecordBytes, InvocationTelemetry telemetry)
    {
        _telemetry = telemetry;
        _response = response;
        _timeouts = timeouts;
        _jsonOptions = jsonOptions;
        _maxRecordBytes = maxRecordBytes;
        FunctionName = info.FunctionName;
        RequestId = info.RequestId;
        ExecutedVersion = info.ExecutedVersion;
        Attempts = attempts;
        _events = body is null ? null : new LambdaEventReader(body, timeouts, info);
        if (_events is null)
        {
            // DryRun: the 204 is the whole, successful answer.
            telemetry.Completed();
        }
    }

    /// <summary>The function that was called.</summary>
    public string FunctionName { get; }

    /// <summary>The HTTP status: 200 for a stream, 204 for <see cref="LambdaInvocationType.DryRun"/>.</summary>
    public HttpStatusCode StatusCode => _response.StatusCode;

    /// <summary>The version that ran (<c>X-Amz-Executed-Version</c>).</summary>
    public string? ExecutedVersion { get; }

    /// <summary>
    /// The stream's content type as the function declared it (Lambda's <c>ResponseStreamContentType</c>, bound to the
    /// response's <c>Content-Type</c>): <c>application/octet-stream</c> unless the function set one, and
    /// <c>application/vnd.awslambda.http-integration-response</c> for function-URL style responses, which may start with
    /// a prelude (<see cref="ReadHttpIntegrationPreludeAsync"/>). It describes the payload, not the event-stream framing
    /// around it, and the client does not act on it.
    /// </summary>
    public string? ContentType => _response.Content.Headers.ContentType?.MediaType;

    /// <summary>The request id (<c>x-amzn-RequestId</c>).</summary>
    public string? RequestId { get; }

    /// <summary>How many attempts the invocation took (retries before the stream started included).</summary>
    public int Attempts { get; }

    /// <summary>The <c>InvokeComplete</c> event, once the stream has been read to its end; <see langword="null"/> before.</summary>
    public InvokeCompleteEvent? InvokeComplete => _events?.Completion;

    /// <summary>
    /// Whether the stream has been read to a successful <c>InvokeComplete</c> (always true for DryRun): false while
    /// reading, after a truncation, and after a function error (see <see cref="InvokeComplete"/> for its details).
    /// </summary>
    public bool IsCompleted => _events is null || _events.Completion is { ErrorCode: null };

    /// <summary>The decoded tail of the function's log, once complete, when requested with <see cref="LambdaLogType.Tail"/>.</summary>
    public string? LogResult => InvokeComplete?.DecodedLogResult;

    /// <summary>The largest record the decoders of this response buffer (the call's limit, else the client's).</summary>
    public int MaxRecordBytes => _maxRecordBytes;

    /// <summary>Payload bytes handed out so far.</summary>
    public long PayloadBytesReceived => _events?.PayloadBytes ?? 0;

    /// <summary>
    /// Reads the payload as raw chunks, as the function flushed them. Each chunk is valid only until the next
    /// <c>MoveNextAsync</c> of the enumerator (the memory is reused); copy it to keep it.
    /// </summary>
    /// <param name="cancellationToken">Cancels the read; also honoured from <c>WithCancellation</c>.</param>
    /// <returns>The chunks.</returns>
    /// <exception cref="InvalidOperationException">The response was already read.</exception>
    public IAsyncEnumerable<ReadOnlyMemory<byte>> ReadChunksAsync(CancellationToken cancellationToken = default)
    {
        TakeReader();
        return ReadChunksCoreAsync(cancellationToken, includeBodyStart: true);
    }

    /// <summary>Reads the payload as a read-only <see cref="Stream"/> (no seeking).</summary>
    /// <returns>The stream; disposing it disposes this response.</returns>
    /// <exception cref="InvalidOperationException">The response was already read.</exception>
    public Stream AsStream()
    {
        TakeReader();
        return new LambdaPayloadStream(this, ReadChunksCoreAsync(CancellationToken.None, includeBodyStart: true));
    }

    /// <summary>Reads newline-delimited JSON records as they complete (trimming- and AOT-safe).</summary>
    /// <typeparam name="T">The record type.</typeparam>
    /// <param name="typeInfo">The type's JSON metadata, from a <c>JsonSerializerContext</c>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The records.</returns>
    /// <exception cref="LambdaPayloadFormatException">A line is not valid JSON for <typeparamref name="T"/>, or is longer than <see cref="MaxRecordBytes"/>.</exception>
    public IAsyncEnumerable<T> ReadJsonLinesAsync<T>(JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        return WithInvocation(JsonLinesDecoder.DecodeAsync(ReadChunksAsync(cancellationToken), typeInfo, _maxRecordBytes, cancellationToken));
    }

    /// <summary>Reads newline-delimited JSON records with the client's <see cref="LambdaStreamingClientOptions.JsonSerializerOptions"/>.</summary>
    /// <typeparam name="T">The record type.</typeparam>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The records.</returns>
    [RequiresUnreferencedCode("Reflection-based JSON; use the JsonTypeInfo overload for trimming and Native AOT.")]
    [RequiresDynamicCode("Reflection-based JSON; use the JsonTypeInfo overload for trimming and Native AOT.")]
    public IAsyncEnumerable<T> ReadJsonLinesAsync<T>(CancellationToken cancellationToken = default) =>
        ReadJsonLinesAsync((JsonTypeInfo<T>)_jsonOptions.GetTypeInfo(typeof(T)), cancellationToken);

    /// <summary>Reads UTF-8 text lines (<c>\n</c> or <c>\r\n</c>) as they complete.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The lines, without their line breaks.</returns>
    /// <exception cref="LambdaPayloadFormatException">A line is not valid UTF-8.</exception>
    public IAsyncEnumerable<string> ReadTextLinesAsync(CancellationToken cancellationToken = default) =>
        WithInvocation(TextLinesDecoder.DecodeAsync(ReadChunksAsync(cancellationToken), _maxRecordBytes, cancellationToken));

    /// <summary>Reads the elements of a streamed JSON array (<c>[ {...}, ... ]</c>) as each completes.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="typeInfo">The element type's JSON metadata, from a <c>JsonSerializerContext</c>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The elements.</returns>
    /// <exception cref="LambdaPayloadFormatException">The payload is not one JSON array of <typeparamref name="T"/>.</exception>
    public IAsyncEnumerable<T> ReadJsonArrayAsync<T>(JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        return WithInvocation(JsonArrayDecoder.DecodeAsync(ReadChunksAsync(cancellationToken), typeInfo, _maxRecordBytes, cancellationToken));
    }

    /// <summary>Reads server-sent events (<c>text/event-stream</c>) as each completes.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The events.</returns>
    public IAsyncEnumerable<ServerSentEvent> ReadServerSentEventsAsync(CancellationToken cancellationToken = default) =>
        WithInvocation(ServerSentEventDecoder.DecodeAsync(ReadChunksAsync(cancellationToken), _maxRecordBytes, cancellationToken));

    /// <summary>
    /// Reads and strips the HTTP-integration prelude (a JSON object with <c>statusCode</c>, <c>headers</c> and
    /// <c>cookies</c>, then 8 NUL bytes) that functions behind function URLs send with content type
    /// <c>application/vnd.awslambda.http-integration-response</c>. Call it before any other read, and only when the
    /// function is known to send a prelude: some runtimes use that content type without one, so it is never stripped
    /// automatically. Every read afterwards sees the body only.
    /// </summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The status, headers and cookies.</returns>
    /// <exception cref="LambdaPayloadFormatException">There is no well-formed prelude.</exception>
    /// <exception cref="InvalidOperationException">The response was already read, or the prelude already taken.</exception>
    public async ValueTask<HttpIntegrationResponse> ReadHttpIntegrationPreludeAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_preludeRead || Volatile.Read(ref _readerTaken) != 0)
        {
            throw new InvalidOperationException("The prelude must be read once, before the body.");
        }

        _preludeRead = true;
        var prelude = new HttpIntegrationPreludeReader(_maxRecordBytes);
        try
        {
            await foreach (ReadOnlyMemory<byte> chunk in ReadChunksCoreAsync(cancellationToken, includeBodyStart: false).ConfigureAwait(false))
            {
                if (prelude.Feed(chunk, out ReadOnlyMemory<byte> bodyStart) is { } response)
                {
                    // The chunk's memory is reused by the next read: keep the first body bytes as a copy.
                    _bodyStart = bodyStart.ToArray();
                    return response;
                }
            }

            throw prelude.Incomplete();
        }
        catch (LambdaStreamingException exception)
        {
            exception.AttachInvocation(FunctionName, RequestId);
            throw;
        }
    }

    /// <summary>Stops reading and releases the connection (aborting it if the stream was not read to its end).</summary>
    /// <returns>A task that completes when the response is released.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _telemetry.Abandoned();
        if (_events is not null)
        {
            await _events.DisposeAsync().ConfigureAwait(false);
        }

        _response.Dispose();
        _timeouts.Dispose();
    }

    // Releases the response without awaiting anything, for synchronous disposal paths.
    internal void Abort()
    {
        _disposed = true;
        _telemetry.Abandoned();
        _response.Dispose();
        _timeouts.Dispose();
    }

    private InvocationContextEnumerable<T> WithInvocation<T>(IAsyncEnumerable<T> items) => new(items, FunctionName, RequestId, _telemetry);

    private void TakeReader()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Interlocked.Exchange(ref _readerTaken, 1) != 0)
        {
            throw new InvalidOperationException("This response has already been read; a streamed response can be enumerated once.");
        }
    }

    private async IAsyncEnumerable<ReadOnlyMemory<byte>> ReadChunksCoreAsync([EnumeratorCancellation] CancellationToken cancellationToken, bool includeBodyStart)
    {
        if (_events is null)
        {
            yield break;
        }

        if (includeBodyStart && !_bodyStart.IsEmpty)
        {
            yield return _bodyStart;
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _timeouts.TotalToken, _timeouts.IdleToken);
        while (true)
        {
            bool hasChunk;
            try
            {
                hasChunk = await _events.MoveNextChunkAsync(linked.Token).ConfigureAwait(false);
            }
            catch (LambdaFunctionException exception)
            {
                _telemetry.Failed(exception);
                throw;
            }
            catch (Exception exception)
            {
                // Any failure ends the stream for good: release the connection rather than leave it half-read.
                _response.Dispose();
                (exception as LambdaStreamingException)?.AttachInvocation(FunctionName, RequestId);
                if (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested && _timeouts.Fired is { } kind)
                {
                    var timeout = new LambdaTimeoutException(FunctionName, kind, _timeouts.LimitOf(kind), _events.BodyBytes, RequestId);
                    _telemetry.Failed(timeout);
                    throw timeout;
                }

                _telemetry.Failed(exception);
                throw;
            }

            if (!hasChunk)
            {
                _telemetry.Completed();
                yield break;
            }

            _telemetry.Chunk(_events.CurrentChunk);
            yield return _events.CurrentChunk;
        }
    }
}
