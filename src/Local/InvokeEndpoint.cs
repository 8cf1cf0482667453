using System.Buffers;
using System.Text;
using System.Text.Json;
using LambdaStreamGen.Rules;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace LambdaStreamGen.Local;

/// <summary>
/// Serves <c>POST /2021-11-15/functions/{FunctionName}/response-streaming-invocations</c> as Lambda does
/// (docs/protocol.md §1–2): authentication, request validation, function resolution, faults, then the event stream.
/// </summary>
internal sealed class InvokeEndpoint(LocalLambdaServerOptions options, TimeProvider time)
{
    /// <summary>Lambda's synchronous request payload limit.</summary>
    public const int MaxRequestPayloadBytes = 6 * 1024 * 1024;

    // docs/protocol.md §1: X-Amz-Client-Context carries at most 3,583 bytes of base64.
    private const int MaxClientContextLength = 3583;

    private const string PathPrefix = "/2021-11-15/functions/";
    private const string PathSuffix = "/response-streaming-invocations";

    private readonly SignatureVerifier _verifier = new(options);

    public async Task HandleAsync(HttpContext context)
    {
        string requestId = Guid.NewGuid().ToString();
        HttpResponse response = context.Response;
        response.Headers["x-amzn-RequestId"] = requestId;

        InvocationRequest? request = null;
        LambdaErrorResponse? error;
        try
        {
            (request, error) = await ReadRequestAsync(context, requestId).ConfigureAwait(false);
        }
        catch (BadHttpRequestException exception)
        {
            error = LambdaErrorResponse.Validation($"The request could not be read: {exception.Message}");
        }

        if (error is not null)
        {
            await error.WriteAsync(response).ConfigureAwait(false);
            return;
        }

        await InvokeAsync(context, request!).ConfigureAwait(false);
    }

    private async Task<(InvocationRequest? Request, LambdaErrorResponse? Error)> ReadRequestAsync(HttpContext context, string requestId)
    {
        HttpRequest http = context.Request;
        string rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? (http.Path + http.QueryString).ToString();
        string rawPath = rawTarget.Split('?', 2)[0];
        if (!HttpMethods.IsPost(http.Method) || !rawPath.StartsWith(PathPrefix, StringComparison.Ordinal) || !rawPath.EndsWith(PathSuffix, StringComparison.Ordinal)
            || rawPath.Length <= PathPrefix.Length + PathSuffix.Length)
        {
            return (null, LambdaErrorResponse.UnknownOperation());
        }

        if (http.ContentLength > MaxRequestPayloadBytes)
        {
            return (null, LambdaErrorResponse.RequestTooLarge(MaxRequestPayloadBytes));
        }

        byte[]? body = await ReadBodyAsync(http, context.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            return (null, LambdaErrorResponse.RequestTooLarge(MaxRequestPayloadBytes));
        }

        if (options.VerifySignatures && _verifier.Verify(http, rawTarget, body, time.GetUtcNow()) is { } signatureError)
        {
            return (null, signatureError);
        }

        string functionName = Uri.UnescapeDataString(rawPath[PathPrefix.Length..^PathSuffix.Length]);
        if (FunctionNameRules.Check(functionName, out FunctionNameParts address) is { } addressError)
        {
            return (null, LambdaErrorResponse.Validation($"1 validation error detected: Value '{functionName}' at 'functionName' failed to satisfy constraint: {addressError}"));
        }

        string? queryQualifier = http.Query.TryGetValue("Qualifier", out var q) ? q.ToString() : null;
        if (queryQualifier is not null && FunctionNameRules.QualifierProblem(queryQualifier) is not null)
        {
            return (null, LambdaErrorResponse.Validation($"1 validation error detected: Value '{queryQualifier}' at 'qualifier' failed to satisfy constraint: Member must satisfy regular expression pattern: (|[a-zA-Z0-9$_-]+)"));
        }

        if (queryQualifier is not null && address.Qualifier is not null && queryQualifier != address.Qualifier)
        {
            return (null, LambdaErrorResponse.InvalidParameterValue("The derived qualifier from the function name does not match the specified qualifier."));
        }

        string? qualifier = queryQualifier ?? address.Qualifier;
        // Not-found messages name the ARN in the caller's partition: the one its ARN gave, else the emulator region's.
        string partition = address.Partition is { Length: > 0 } named ? named : AwsPartitions.Of(options.Region).Name;
        string arn = $"arn:{partition}:lambda:{address.Region ?? options.Region}:{address.AccountId ?? options.AccountId}:function:{address.Name}{(qualifier is null ? string.Empty : ":" + qualifier)}";
        bool otherAccountOrRegion = (address.AccountId is not null && address.AccountId != options.AccountId) || (address.Region is not null && address.Region != options.Region);
        if (otherAccountOrRegion || !options.Functions.TryGetValue(address.Name, out LocalFunction? function))
        {
            return (null, LambdaErrorResponse.ResourceNotFound($"Function not found: {arn}"));
        }

        string? executedVersion = function.ResolveVersion(qualifier);
        if (executedVersion is null)
        {
            return (null, LambdaErrorResponse.ResourceNotFound($"Function not found: {arn}"));
        }

        // Lambda passes the payload to the function as its JSON event and refuses one that is not JSON. A function that
        // takes raw bytes (and a caller that sends them) says so with WithRawPayloads.
        if (!function.AcceptsRawPayloads && body.Length > 0 && JsonProblem(body) is { } jsonProblem)
        {
            return (null, LambdaErrorResponse.InvalidRequestContent($"Could not parse request body into json: Could not parse payload into json: {jsonProblem}"));
        }

        string invocationType = http.Headers["X-Amz-Invocation-Type"].ToString();
        if (invocationType is not ("" or "RequestResponse" or "DryRun"))
        {
            return (null, LambdaErrorResponse.Validation($"1 validation error detected: Value '{invocationType}' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [RequestResponse, DryRun]"));
        }

        string logType = http.Headers["X-Amz-Log-Type"].ToString();
        if (logType is not ("" or "None" or "Tail"))
        {
            return (null, LambdaErrorResponse.Validation($"1 validation error detected: Value '{logType}' at 'logType' failed to satisfy constraint: Member must satisfy enum value set: [Tail, None]"));
        }

        string? clientContext = null;
        string encodedContext = http.Headers["X-Amz-Client-Context"].ToString();
        if (encodedContext.Length > 0 && !TryDecodeClientContext(encodedContext, out clientContext))
        {
            return (null, LambdaErrorResponse.InvalidParameterValue($"Client context must be a valid Base64-encoded JSON object of at most {MaxClientContextLength} characters."));
        }

        string? tenantId = http.Headers["X-Amz-Tenant-Id"].ToString() is { Length: > 0 } tenant ? tenant : null;
        if (tenantId is not null && !TenantIdRule.IsValid(tenantId))
        {
            return (null, LambdaErrorResponse.Validation($"1 validation error detected: Value '{tenantId}' at 'tenantId' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9\\._:\\/=+\\-@ ]+"));
        }

        LocalFault[] faults = function.TakeFaultsForInvocation();
        foreach (LocalFault fault in faults)
        {
            switch (fault)
            {
                case ThrottleFault throttle:
                    return (null, LambdaErrorResponse.TooManyRequests(throttle.RetryAfter));
                case ServiceErrorFault service:
                    return (null, new LambdaErrorResponse(service.StatusCode, service.ErrorType, service.Message, service.StatusCode >= 500 ? "Service" : "User"));
            }
        }

        string? traceHeader = http.Headers["X-Amzn-Trace-Id"].ToString() is { Length: > 0 } trace ? trace : null;
        var invocation = new LocalInvocation(function.Name, qualifier, executedVersion, requestId, body, clientContext, tenantId, new InvocationLog(), traceHeader);
        return (new InvocationRequest(function, invocation, invocationType == "DryRun", logType == "Tail", faults), null);
    }

    private async Task InvokeAsync(HttpContext context, InvocationRequest request)
    {
        HttpResponse response = context.Response;
        CancellationToken aborted = context.RequestAborted;
        foreach (DelayFirstByteFault delay in request.Faults.OfType<DelayFirstByteFault>())
        {
            await Task.Delay(delay.Delay, time, aborted).ConfigureAwait(false);
        }

        response.Headers["X-Amz-Executed-Version"] = request.Invocation.ExecutedVersion;
        if (request.DryRun)
        {
            response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }

        response.StatusCode = StatusCodes.Status200OK;

        // The model binds ResponseStreamContentType to this header: the function's declared stream content type, not
        // the event-stream media type of the body (docs/protocol.md §2.1).
        response.ContentType = request.Function.StreamContentType;

        // Headers go out now, before the function runs, so the caller learns at once that the stream has started.
        await response.StartAsync(aborted).ConfigureAwait(false);
        await response.BodyWriter.FlushAsync(aborted).ConfigureAwait(false);

        var events = new ResponseEventStream(response.BodyWriter, options, request.Faults, context.Abort);
        var writer = new LocalResponseWriter(events, options.MaxChunkSize);
        Exception? failure = null;
        try
        {
            foreach (UnknownEventFault unknown in request.Faults.OfType<UnknownEventFault>())
            {
                await events.SendUnknownEventAsync(unknown.EventType, aborted).ConfigureAwait(false);
            }

            await request.Function.Handler(request.Invocation, writer, aborted).ConfigureAwait(false);
            await writer.FlushAsync(aborted).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            // A stop the stream itself caused (cap, fault, disconnect) is reported by events.Stopped; anything else is
            // the function's own failure, which Lambda reports in InvokeComplete.
            if (events.Stopped is null)
            {
                failure = exception;
            }
        }

        if (failure is not null && !aborted.IsCancellationRequested)
        {
            // What the function wrote before it threw was sent as far as Lambda is concerned: deliver it.
            try
            {
                await writer.FlushAsync(aborted).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is LocalStreamStoppedException or OperationCanceledException or IOException)
            {
            }
        }

        switch (events.Stopped)
        {
            case StreamStop.EndedEarly or StreamStop.ConnectionReset or StreamStop.CallerDisconnected:
                return;
            case StreamStop.ResponseTooLarge:
                await SendCompletionSafelyAsync(events, "Function.ResponseSizeTooLarge", $"Response payload size exceeded maximum allowed payload size ({options.MaxResponseBytes} bytes).", request, aborted).ConfigureAwait(false);
                return;
        }

        if (aborted.IsCancellationRequested)
        {
            return;
        }

        InStreamExceptionFault? inStreamException = request.Faults.OfType<InStreamExceptionFault>().FirstOrDefault();
        InStreamErrorFault? inStreamError = request.Faults.OfType<InStreamErrorFault>().FirstOrDefault();
        try
        {
            if (inStreamException is not null)
            {
                await events.SendExceptionAsync(inStreamException.ExceptionType, inStreamException.Message, aborted).ConfigureAwait(false);
            }
            else if (inStreamError is not null)
            {
                await events.SendErrorAsync(inStreamError.ErrorCode, inStreamError.Message, aborted).ConfigureAwait(false);
            }
            else if (failure is not null)
            {
                await SendCompletionSafelyAsync(events, "Unhandled", DescribeUnhandled(failure), request, aborted).ConfigureAwait(false);
            }
            else
            {
                await SendCompletionSafelyAsync(events, null, null, request, aborted).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is LocalStreamStoppedException or OperationCanceledException or IOException)
        {
            // The caller is gone; there is no one left to tell.
        }
    }

    private static async Task SendCompletionSafelyAsync(ResponseEventStream events, string? errorCode, string? errorDetails, InvocationRequest request, CancellationToken aborted)
    {
        string? logResult = request.TailLog ? ((InvocationLog)request.Invocation.Log).GetTailBase64() : null;
        await events.SendInvokeCompleteAsync(errorCode, errorDetails, logResult, aborted).ConfigureAwait(false);
    }

    // The ErrorDetails Lambda sends for an unhandled error: {"errorType","errorMessage","stackTrace":[...]}.
    private static string DescribeUnhandled(Exception exception)
    {
        string[] stackTrace = (exception.StackTrace ?? string.Empty)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return JsonSerializer.Serialize(new UnhandledErrorDetails(exception.GetType().Name, exception.Message, stackTrace), LocalJsonContext.Default.UnhandledErrorDetails);
    }

    // Reads the body up to the payload limit; null when it is larger.
    private static string? JsonProblem(byte[] body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            while (reader.Read())
            {
            }

            return System.Text.Unicode.Utf8.IsValid(body) ? null : "the payload is not valid UTF-8.";
        }
        catch (JsonException exception)
        {
            return exception.Message;
        }
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var body = new ArrayBufferWriter<byte>(request.ContentLength is > 0 and <= MaxRequestPayloadBytes ? (int)request.ContentLength.Value : 4096);
        while (true)
        {
            Memory<byte> buffer = body.GetMemory(16 * 1024);
            int read = await request.Body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return body.WrittenSpan.ToArray();
            }

            body.Advance(read);
            if (body.WrittenCount > MaxRequestPayloadBytes)
            {
                return null;
            }
        }
    }

    private static bool TryDecodeClientContext(string encoded, out string? json)
    {
        json = null;
        if (encoded.Length > MaxClientContextLength)
        {
            return false;
        }

        byte[] bytes = new byte[encoded.Length];
        if (!Convert.TryFromBase64String(encoded, bytes, out int length))
        {
            return false;
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(bytes.AsMemory(0, length));
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return false;
            }
        }
        catch (JsonException)
        {
            return false;
        }

        json = Encoding.UTF8.GetString(bytes, 0, length);
        return true;
    }

    private sealed record InvocationRequest(LocalFunction Function, LocalInvocation Invocation, bool DryRun, bool TailLog, IReadOnlyList<LocalFault> Faults);
}
