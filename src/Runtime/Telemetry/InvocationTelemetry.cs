using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging;

namespace LambdaStreamGen.Telemetry;

/// <summary>
/// What one invocation reports, from its first attempt to the end of its stream: one client span that lasts as long
/// as the stream (HTTP client spans end at the response headers, long before a stream does), log events and metrics.
/// It ends exactly once, with the first outcome reported: completion, a function error, truncation, cancellation, a
/// failure, or disposal before the end. Without listeners it costs this object and a few field updates per chunk.
/// </summary>
internal sealed class InvocationTelemetry
{
    private const string ActivityName = "Lambda.InvokeWithResponseStream";

    private readonly ILogger _logger;
    private readonly int _logPayloadBytes;
    private readonly string _functionName;
    private readonly TagList _tags;
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly Activity? _activity;
    private string? _requestId;
    private long _payloadBytes;
    private long _records;
    private bool _firstByteSeen;
    private int _ended;

    private InvocationTelemetry(ILogger logger, int logPayloadBytes, string functionName, string invokedName, string region, Activity? activity)
    {
        _logger = logger;
        _logPayloadBytes = logPayloadBytes;
        _functionName = functionName;
        _activity = activity;
        _tags = new TagList { { "faas.invoked_name", invokedName }, { "faas.invoked_region", region } };
    }

    /// <summary>The invocation's span, when something listens; the parent of its HTTP attempts.</summary>
    public Activity? Activity => _activity;

    public static InvocationTelemetry Start(ILogger logger, int logPayloadBytes, LambdaStreamingRequest request, string region, Uri endpoint, ReadOnlySpan<byte> payload)
    {
        // The request parsed its name (or ARN) when it was created: the bare name is read, not parsed again.
        string invokedName = request.Address.Name;
        Activity? activity = Instruments.Source.StartActivity(ActivityName, ActivityKind.Client);
        if (activity is { IsAllDataRequested: true })
        {
            // OpenTelemetry semantic conventions for AWS SDK calls (rpc.*) and for FaaS clients (faas.*).
            activity.SetTag("rpc.system", "aws-api");
            activity.SetTag("rpc.service", "Lambda");
            activity.SetTag("rpc.method", "InvokeWithResponseStream");
            activity.SetTag("faas.invoked_name", invokedName);
            activity.SetTag("faas.invoked_provider", "aws");
            activity.SetTag("faas.invoked_region", region);
            activity.SetTag("cloud.region", region);
            activity.SetTag("server.address", endpoint.Host);
            activity.SetTag("server.port", endpoint.Port);
            if (request.Qualifier is not null)
            {
                activity.SetTag("lambdastreamgen.qualifier", request.Qualifier);
            }
        }

        var telemetry = new InvocationTelemetry(logger, logPayloadBytes, request.FunctionName, invokedName, region, activity);
        if (Instruments.Active.Enabled)
        {
            Instruments.Active.Add(1, telemetry._tags);
        }

        Log.InvocationStarting(logger, request.FunctionName, request.Qualifier, endpoint, payload.Length);
        if (logPayloadBytes > 0 && logger.IsEnabled(LogLevel.Trace))
        {
            Log.RequestPayload(logger, request.FunctionName, Math.Min(logPayloadBytes, payload.Length), payload.Length, Preview(payload, logPayloadBytes));
        }

        return telemetry;
    }

    public void Retrying(int attempt, int statusCode, string errorCode, string errorMessage, string? requestId, TimeSpan delay)
    {
        Log.RetryScheduled(_logger, attempt, _functionName, statusCode, errorCode, errorMessage, delay.TotalMilliseconds, requestId);
        if (Instruments.Retries.Enabled)
        {
            TagList tags = _tags;
            tags.Add("error.type", errorCode);
            Instruments.Retries.Add(1, tags);
        }

        _activity?.AddEvent(new ActivityEvent("lambdastreamgen.retry", tags: new ActivityTagsCollection
        {
            { "lambdastreamgen.attempt", attempt },
            { "http.response.status_code", statusCode },
            { "error.type", errorCode },
            { "lambdastreamgen.retry_delay_ms", delay.TotalMilliseconds },
        }));
    }

    public void ResponseHeaders(int statusCode, int attempt, string? requestId)
    {
        _requestId = requestId;
        Log.ResponseHeaders(_logger, _functionName, statusCode, attempt, ElapsedMilliseconds(), requestId);
        if (_activity is not null)
        {
            _activity.SetTag("aws.request_id", requestId);
            _activity.SetTag("http.response.status_code", statusCode);
            _activity.SetTag("lambdastreamgen.attempts", attempt);
        }
    }

    public void Chunk(ReadOnlyMemory<byte> chunk)
    {
        _payloadBytes += chunk.Length;
        if (!_firstByteSeen)
        {
            _firstByteSeen = true;
            double elapsed = ElapsedMilliseconds();
            Log.FirstByte(_logger, _functionName, elapsed, _requestId);
            _activity?.AddEvent(new ActivityEvent("lambdastreamgen.first_byte"));
            if (Instruments.TimeToFirstByte.Enabled)
            {
                Instruments.TimeToFirstByte.Record(elapsed / 1000, _tags);
            }
        }

        if (Instruments.PayloadBytes.Enabled)
        {
            Instruments.PayloadBytes.Add(chunk.Length, _tags);
        }

        if (_logPayloadBytes > 0 && _logger.IsEnabled(LogLevel.Trace))
        {
            Log.ResponseChunk(_logger, _functionName, Math.Min(_logPayloadBytes, chunk.Length), chunk.Length, Preview(chunk.Span, _logPayloadBytes));
        }
    }

    public void Record()
    {
        _records++;
        if (Instruments.Records.Enabled)
        {
            Instruments.Records.Add(1, _tags);
        }
    }

    public void Completed()
    {
        if (TryEnd())
        {
            Log.Completed(_logger, _functionName, _payloadBytes, _records, ElapsedMilliseconds(), _requestId);
            Finish("completed", errorType: null, exception: null);
        }
    }

    /// <summary>The stream was disposed before its end: the caller's choice, not an error.</summary>
    public void Abandoned()
    {
        if (TryEnd())
        {
            Log.Abandoned(_logger, _functionName, _payloadBytes, _requestId);
            Finish("abandoned", errorType: null, exception: null);
        }
    }

    /// <summary>Ends the invocation with the outcome an exception means; false, so that it can sit in an exception filter.</summary>
    public bool Failed(Exception exception)
    {
        if (!TryEnd())
        {
            return false;
        }

        switch (exception)
        {
            case LambdaFunctionException functionError:
                Log.FunctionError(_logger, _functionName, functionError.ErrorCode, _payloadBytes, _requestId);
                _activity?.AddEvent(new ActivityEvent("lambdastreamgen.function_error", tags: new ActivityTagsCollection { { "lambdastreamgen.function_error_code", functionError.ErrorCode } }));
                Finish("function_error", functionError.ErrorCode, exception);
                break;
            case LambdaStreamTruncatedException:
                Log.Truncated(_logger, _functionName, _payloadBytes, _requestId);
                _activity?.AddEvent(new ActivityEvent("lambdastreamgen.truncated", tags: new ActivityTagsCollection { { "lambdastreamgen.payload_bytes", _payloadBytes } }));
                Finish("truncated", typeof(LambdaStreamTruncatedException).FullName!, exception);
                break;
            case OperationCanceledException:
                Log.Cancelled(_logger, _functionName, _payloadBytes, ElapsedMilliseconds(), _requestId);
                Finish("cancelled", typeof(OperationCanceledException).FullName!, exception: null);
                break;
            default:
                string errorType = exception is LambdaServiceException service ? service.ErrorCode : exception.GetType().FullName!;
                Log.Failed(_logger, exception, _functionName, errorType, _payloadBytes, ElapsedMilliseconds(), _requestId);
                Finish("failed", errorType, exception);
                break;
        }

        return false;
    }

    private bool TryEnd() => Interlocked.Exchange(ref _ended, 1) == 0;

    private void Finish(string outcome, string? errorType, Exception? exception)
    {
        TagList tags = _tags;
        if (errorType is not null)
        {
            tags.Add("error.type", errorType);
            if (Instruments.Errors.Enabled)
            {
                Instruments.Errors.Add(1, tags);
            }
        }

        if (Instruments.Duration.Enabled)
        {
            tags.Add("lambdastreamgen.outcome", outcome);
            Instruments.Duration.Record(ElapsedMilliseconds() / 1000, tags);
        }

        if (Instruments.Active.Enabled)
        {
            Instruments.Active.Add(-1, _tags);
        }

        if (_activity is null)
        {
            return;
        }

        _activity.SetTag("lambdastreamgen.outcome", outcome);
        _activity.SetTag("lambdastreamgen.payload_bytes", _payloadBytes);
        _activity.SetTag("lambdastreamgen.records", _records);
        if (errorType is not null)
        {
            _activity.SetTag("error.type", errorType);
            _activity.SetStatus(ActivityStatusCode.Error, exception?.Message ?? outcome);
        }

        if (exception is not null)
        {
            // The semantic conventions' exception event, written out because Activity.AddException is not in net8.0.
            _activity.AddEvent(new ActivityEvent("exception", tags: new ActivityTagsCollection
            {
                { "exception.type", exception.GetType().FullName },
                { "exception.message", exception.Message },
            }));
        }

        // The stream usually ends on the reader's execution context, where this span is not the current one: stopping
        // it must not make its parent the reader's current activity.
        Activity? current = Activity.Current;
        _activity.Stop();
        if (current != _activity)
        {
            Activity.Current = current;
        }
    }

    private double ElapsedMilliseconds() => Stopwatch.GetElapsedTime(_started).TotalMilliseconds;

    // Lossy UTF-8, so that any bytes can be shown; cut at the opted-in length.
    private static string Preview(ReadOnlySpan<byte> bytes, int limit) => Encoding.UTF8.GetString(bytes[..Math.Min(limit, bytes.Length)]);
}
