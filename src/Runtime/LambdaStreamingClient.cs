using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Amazon;
using Amazon.Runtime;
using LambdaStreamGen.Invocation;
using LambdaStreamGen.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LambdaStreamGen;

/// <summary>
/// Calls AWS Lambda's <c>InvokeWithResponseStream</c>: signs the request (SigV4, AWSSDK.Core), retries throttling and
/// transient errors before the stream starts, and returns a <see cref="LambdaResponseStream"/> to read as it arrives.
/// Thread-safe and meant to be reused: create one per endpoint and keep it.
/// </summary>
public sealed class LambdaStreamingClient : IDisposable
{
    private const string ApiPathPrefix = "2021-11-15/functions/";
    private const string ApiPathSuffix = "/response-streaming-invocations";

    private readonly HttpTransport _http;
    private readonly LambdaStreamingClientOptions _options;
    private readonly ILogger _logger;
    private readonly RetryQuota _retryQuota = new();
    private readonly ClockSkew _clock = new();
    private readonly object _targetLock = new();

    // Composed once, as the options are taken once: the caller's agent (from its HttpClient) and then this library's.
    private readonly string _userAgent;

    // Region and endpoint (like credentials) are resolved on first use, so that constructing a client never does I/O.
    private (Uri Endpoint, RegionEndpoint Region)? _target;
    private bool _disposed;

    /// <summary>
    /// Creates a client with its own pooled HTTP handler (TCP keep-alive on) and no <see cref="HttpClient.Timeout"/>:
    /// the client's own timeouts bound each invocation instead.
    /// </summary>
    /// <param name="options">Region, credentials, endpoint and timeouts; <see langword="null"/> for the defaults.</param>
    public LambdaStreamingClient(LambdaStreamingClientOptions? options = null)
        : this(HttpTransport.Over(CreateHandler(), disposeHandler: true), options)
    {
    }

    /// <summary>Creates a client that sends through <paramref name="httpClient"/> (which it does not dispose).</summary>
    /// <param name="httpClient">The HTTP client. Its <see cref="HttpClient.Timeout"/> bounds each attempt until the response headers, so set it to <see cref="Timeout.InfiniteTimeSpan"/> and let the client's own timeouts apply.</param>
    /// <param name="options">Region, credentials, endpoint and timeouts; <see langword="null"/> for the defaults.</param>
    public LambdaStreamingClient(HttpClient httpClient, LambdaStreamingClientOptions? options = null)
        : this(HttpTransport.Over(httpClient ?? throw new ArgumentNullException(nameof(httpClient)), owned: false), options)
    {
    }

    /// <summary>
    /// Creates a client that sends through <paramref name="handler"/>: a proxy, client certificates, a test handler or
    /// delegating handlers of the caller's. Signing, retries and timeouts stay the client's own.
    /// </summary>
    /// <param name="handler">The handler that sends each attempt. Nothing in it may retry or buffer a request on its own: a retried invocation runs the function again.</param>
    /// <param name="options">Region, credentials, endpoint and timeouts; <see langword="null"/> for the defaults.</param>
    /// <param name="disposeHandler">Whether disposing this client disposes <paramref name="handler"/>.</param>
    public LambdaStreamingClient(HttpMessageHandler handler, LambdaStreamingClientOptions? options = null, bool disposeHandler = false)
        : this(HttpTransport.Over(handler ?? throw new ArgumentNullException(nameof(handler)), disposeHandler), options)
    {
    }

    /// <summary>
    /// Creates a client that asks <paramref name="handlerSource"/> for the handler of every attempt, and never disposes
    /// one: for handlers that a pool owns and rotates, such as <c>IHttpMessageHandlerFactory.CreateHandler(name)</c>,
    /// which a long-lived client must not hold for its whole life.
    /// </summary>
    /// <param name="handlerSource">Returns the handler for the next attempt.</param>
    /// <param name="options">Region, credentials, endpoint and timeouts; <see langword="null"/> for the defaults.</param>
    public LambdaStreamingClient(Func<HttpMessageHandler> handlerSource, LambdaStreamingClientOptions? options = null)
        : this(HttpTransport.Over(handlerSource ?? throw new ArgumentNullException(nameof(handlerSource))), options)
    {
    }

    private LambdaStreamingClient(HttpTransport transport, LambdaStreamingClientOptions? options)
    {
        try
        {
            _options = (options ?? new LambdaStreamingClientOptions()).Snapshot();
        }
        catch
        {
            transport.Dispose();
            throw;
        }

        _http = transport;
        _userAgent = RequestIdentity.UserAgentAfter(transport.CallerUserAgent);
        _logger = _options.LoggerFactory?.CreateLogger(LambdaStreamingDiagnostics.LoggerCategory) ?? NullLogger.Instance;
    }

    /// <summary>The JSON options used where no <c>JsonTypeInfo</c> is given: a read-only copy of the configured ones.</summary>
    public System.Text.Json.JsonSerializerOptions JsonSerializerOptions => _options.JsonSerializerOptions;

    /// <summary>The endpoint requests go to (resolved on first use).</summary>
    /// <exception cref="InvalidOperationException">No region is configured and no service URL is set.</exception>
    public Uri Endpoint => Target().Endpoint;

    /// <summary>
    /// The correction this client applies to the local clock when signing, learnt from the service's <c>Date</c>
    /// header after a clock-skew error; zero while the clocks agree.
    /// </summary>
    public TimeSpan ClockOffset => _clock.Offset;

    /// <summary>
    /// Invokes a function and returns once the response headers arrived; read the stream from the result.
    /// </summary>
    /// <param name="request">The function, payload and options.</param>
    /// <param name="cancellationToken">Cancels the call, also while waiting between attempts.</param>
    /// <returns>The response stream; dispose it when done.</returns>
    /// <exception cref="LambdaServiceException">Lambda answered with an error (after retries, when retryable).</exception>
    /// <exception cref="LambdaTimeoutException">No response headers within the configured timeout, or the total timeout ran out.</exception>
    /// <exception cref="InvalidOperationException">No region is configured.</exception>
    public async Task<LambdaResponseStream> InvokeAsync(LambdaStreamingRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ObjectDisposedException.ThrowIf(_disposed, this);

        // Resolved per call: a failure here (no region yet, credentials not yet available) fails this call only, and
        // the next call tries again. AWSSDK.Core's resolver caches and refreshes the credentials itself.
        (Uri endpoint, RegionEndpoint region) = Target();
        AWSCredentials credentials = CredentialSource.Resolve(_options.Credentials, _options.Profile, _options.ProfilesLocation);
        byte[] body = request.Payload.ToArray();
        InvocationTelemetry telemetry = InvocationTelemetry.Start(_logger, _options.LogPayloadBytes, request, region.SystemName, endpoint, body);
        var timeouts = new StreamTimeouts(_options.IdleTimeout, _options.TotalTimeout);
        var failures = new List<LambdaAttemptFailure>();
        bool skewRetried = false;
        int lastRetryCost = 0;
        string invocationId = Guid.NewGuid().ToString();
        try
        {
            for (int attempt = 1; ; attempt++)
            {
                using HttpRequestMessage message = BuildMessage(request, endpoint, body);
                message.Headers.TryAddWithoutValidation(RequestIdentity.InvocationIdHeader, invocationId);
                message.Headers.TryAddWithoutValidation(RequestIdentity.RequestHeader, RequestIdentity.Attempt(attempt, _options.MaxAttempts));
                await CredentialSource.SignAsync(() => RequestSigner.SignAsync(message, body, credentials, region, _clock.CorrectedUtcNow, cancellationToken), _options.Profile, _options.ProfilesLocation).ConfigureAwait(false);

                // After signing, as the AWS SDKs leave it unsigned: proxies on the way may rewrite it.
                message.Headers.TryAddWithoutValidation("User-Agent", _userAgent);

                // Added after signing and so not signed, as the AWS SDKs leave it out of the signature: tracing
                // handlers on the way may rewrite it.
                if (_options.PropagateTraceHeader && XRayTraceHeader.For(telemetry.Activity ?? System.Diagnostics.Activity.Current) is { } traceHeader)
                {
                    message.Headers.TryAddWithoutValidation(XRayTraceHeader.Name, traceHeader);
                }

                ServiceError error;
                Exception? connectionFailure = null;
                using (var headersTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeouts.TotalToken))
                {
                    if (_options.ResponseHeadersTimeout != Timeout.InfiniteTimeSpan)
                    {
                        headersTimeout.CancelAfter(_options.ResponseHeadersTimeout);
                    }

                    HttpResponseMessage? response = null;
                    try
                    {
                        response = await _http.SendAsync(message, headersTimeout.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        LambdaTimeoutKind kind = timeouts.Fired ?? LambdaTimeoutKind.ResponseHeaders;
                        TimeSpan limit = kind == LambdaTimeoutKind.Total ? _options.TotalTimeout : _options.ResponseHeadersTimeout;
                        throw new LambdaTimeoutException(request.FunctionName, kind, limit, 0, requestId: null);
                    }
                    catch (HttpRequestException exception) when (!cancellationToken.IsCancellationRequested)
                    {
                        connectionFailure = exception;
                    }

                    if (response is not null && (int)response.StatusCode is >= 200 and < 300)
                    {
                        // Standard retry mode: a success gives back what its last retry took, or a little when none.
                        _retryQuota.Release(lastRetryCost > 0 ? lastRetryCost : RetryQuota.NoRetryIncrement);
                        _clock.Observe(response.Headers.Date);
                        telemetry.ResponseHeaders((int)response.StatusCode, attempt, ServiceErrorReader.RequestId(response));
                        return await CreateStreamAsync(request, response, timeouts, telemetry, attempt, cancellationToken).ConfigureAwait(false);
                    }

                    if (response is null)
                    {
                        error = new ServiceError(0, "ConnectionFailure", connectionFailure!.Message, RequestId: null);
                    }
                    else
                    {
                        using (response)
                        {
                            error = await ServiceErrorReader.ReadAsync(response, cancellationToken).ConfigureAwait(false);
                        }
                    }
                }

                // A skewed host clock: learn the service's time from the answer, re-sign and try once more at once.
                if (ClockSkew.IsSkewError(error.ErrorCode) && _clock.Observe(error.ServerDate) && !skewRetried)
                {
                    skewRetried = true;
                    failures.Add(ToFailure(attempt, error, TimeSpan.Zero));
                    telemetry.Retrying(attempt, (int)error.StatusCode, error.ErrorCode, error.Message, error.RequestId, TimeSpan.Zero);
                    continue;
                }

                bool throttling = StandardRetryMode.IsThrottling(error.StatusCode, error.ErrorCode);
                bool retryable = StandardRetryMode.IsRetryable(error.StatusCode, error.ErrorCode);
                string? note = null;
                if (retryable && attempt < _options.MaxAttempts)
                {
                    int cost = throttling ? RetryQuota.ThrottlingRetryCost : RetryQuota.RetryCost;
                    if (_retryQuota.TryAcquire(cost))
                    {
                        lastRetryCost = cost;
                        TimeSpan delay = StandardRetryMode.Backoff(failures.Count(f => f.RetryDelay is not null) + 1, throttling, error.RetryAfter, Random.Shared.NextDouble);
                        failures.Add(ToFailure(attempt, error, delay));
                        telemetry.Retrying(attempt, (int)error.StatusCode, error.ErrorCode, error.Message, error.RequestId, delay);
                        await DelayAsync(delay, request.FunctionName, timeouts, cancellationToken).ConfigureAwait(false);
                        continue;
                    }

                    note = $"not retried: the client's retry quota is spent ({_retryQuota.Available} of {RetryQuota.Capacity} tokens left)";
                }

                failures.Add(ToFailure(attempt, error, null));
                throw new LambdaServiceException(request.FunctionName, error, retryable, throttling, attempt, failures, note, connectionFailure);
            }
        }
        catch (Exception exception)
        {
            timeouts.Dispose();
            telemetry.Failed(exception);
            throw;
        }
    }

    /// <summary>Waits between attempts, never past the total timeout or the caller's cancellation.</summary>
    private static async Task DelayAsync(TimeSpan delay, string functionName, StreamTimeouts timeouts, CancellationToken cancellationToken)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeouts.TotalToken);
        try
        {
            await Task.Delay(delay, wait.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new LambdaTimeoutException(functionName, LambdaTimeoutKind.Total, timeouts.Total, 0, requestId: null);
        }
    }

    private static LambdaAttemptFailure ToFailure(int attempt, ServiceError error, TimeSpan? delay) =>
        new(attempt, error.StatusCode, error.ErrorCode, error.Message, error.RequestId, delay);

    /// <summary>Disposes the HTTP client or handler when this client created or was given to own it.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _http.Dispose();
    }

    private async Task<LambdaResponseStream> CreateStreamAsync(LambdaStreamingRequest request, HttpResponseMessage response, StreamTimeouts timeouts, InvocationTelemetry telemetry, int attempts, CancellationToken cancellationToken)
    {
        var info = new InvocationInfo(request.FunctionName, ServiceErrorReader.RequestId(response), Header(response, "X-Amz-Executed-Version"));
        Stream? body = null;
        if (response.StatusCode != HttpStatusCode.NoContent)
        {
            try
            {
                body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                response.Dispose();
                throw;
            }
        }

        int maxRecordBytes = request.MaxRecordBytes ?? _options.MaxRecordBytes;
        return new LambdaResponseStream(response, body, timeouts, info, attempts, _options.JsonSerializerOptions, maxRecordBytes, telemetry);
    }

    private static HttpRequestMessage BuildMessage(LambdaStreamingRequest request, Uri endpoint, byte[] body)
    {
        // docs/protocol.md §1: the function name is one path segment, percent-encoded; the qualifier is a query parameter.
        string path = ApiPathPrefix + Uri.EscapeDataString(request.FunctionName) + ApiPathSuffix;
        if (request.Qualifier is not null)
        {
            path += "?Qualifier=" + Uri.EscapeDataString(request.Qualifier);
        }

        var message = new HttpRequestMessage(HttpMethod.Post, new Uri(endpoint, path))
        {
            Content = new ByteArrayContent(body),
            Version = HttpVersion.Version11,
        };

        // Exactly "application/octet-stream", no charset: the signed value must be the sent value.
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        if (request.InvocationType == LambdaInvocationType.DryRun)
        {
            message.Headers.TryAddWithoutValidation("X-Amz-Invocation-Type", "DryRun");
        }

        if (request.LogType == LambdaLogType.Tail)
        {
            message.Headers.TryAddWithoutValidation("X-Amz-Log-Type", "Tail");
        }

        if (request.ClientContextBase64 is { } clientContext)
        {
            message.Headers.TryAddWithoutValidation("X-Amz-Client-Context", clientContext);
        }

        if (request.TenantId is { } tenantId)
        {
            message.Headers.TryAddWithoutValidation("X-Amz-Tenant-Id", tenantId);
        }

        return message;
    }

    // The endpoint and signing region, resolved on first successful use and kept; a failure is not kept, so a
    // region configured later (environment, profile) is found by the next call.
    private (Uri Endpoint, RegionEndpoint Region) Target()
    {
        lock (_targetLock)
        {
            _target ??= ResolveTarget();
            return _target.Value;
        }
    }

    private (Uri Endpoint, RegionEndpoint Region) ResolveTarget()
    {
        if (_options.ServiceUrl is { } serviceUrl)
        {
            // docs/protocol.md §1: a custom endpoint needs no region; sign for the configured one, else the one its host
            // names, else us-east-1.
            Uri endpoint = serviceUrl.AbsoluteUri.EndsWith('/') ? serviceUrl : new Uri(serviceUrl.AbsoluteUri + "/");
            string signingRegion = _options.Region
                ?? LambdaEndpointResolver.RegionOfHost(endpoint.Host)
                ?? LambdaEndpointResolver.TryResolveRegion(null, Environment.GetEnvironmentVariable, ProfileRegion, useInstanceMetadata: false, _options.Profile)
                ?? LambdaEndpointResolver.DefaultSigningRegion;
            if (!LambdaEndpointResolver.IsRegionName(signingRegion))
            {
                throw new ArgumentException(LambdaEndpointResolver.NotARegion(signingRegion), nameof(LambdaStreamingClientOptions.Region));
            }

            return (endpoint, RegionEndpoint.GetBySystemName(signingRegion));
        }

        string region = LambdaEndpointResolver.ResolveRegion(_options.Region, Environment.GetEnvironmentVariable, ProfileRegion, _options.Profile);
        return (LambdaEndpointResolver.ResolveEndpoint(region, _options.UseFips, _options.UseDualStack), RegionEndpoint.GetBySystemName(region));
    }

    // A configured profile is read from ProfilesLocation when that is set; the active profile of the environment
    // (AWS_PROFILE or default) always from the shared files, as in the AWS SDK.
    private string? ProfileRegion(string profile) =>
        LambdaEndpointResolver.ReadProfileRegion(profile, profile == _options.Profile ? _options.ProfilesLocation : null);

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out IEnumerable<string>? values) ? values.FirstOrDefault() : null;

    private static SocketsHttpHandler CreateHandler() => new()
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AutomaticDecompression = DecompressionMethods.None,

        // A stream given up early (cancelled, faulted, disposed unread) is closed at once rather than drained for
        // reuse: what remains of a stream is usually far more than the drain limit, and closing is what tells the
        // function to stop.
        MaxResponseDrainSize = 0,
        ConnectCallback = async (context, cancellationToken) =>
        {
            // TCP keep-alive: a stream may be silent for minutes; keep-alive probes find a dead peer that a read
            // would otherwise wait on forever (docs/protocol.md §5, pitfall 5).
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
                socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, 60);
                socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, 15);
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}
