using System.Runtime.CompilerServices;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LambdaStreamGen.AspNetCore;

/// <summary>
/// Relays typed records to the browser as each arrives. The first record is awaited before the response starts, so
/// that a failure of the invocation itself still gets a real HTTP status (as <c>ProblemDetails</c>); afterwards each
/// record is written and flushed on its own, with the browser's pace pushing back on the function's stream, and a
/// failure becomes the format's documented terminal error record.
/// </summary>
internal sealed class RecordRelayResult<T>(IAsyncEnumerable<T> records, JsonTypeInfo<T> typeInfo, RecordFraming framing) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ILogger logger = Relay.Logger(httpContext);
        CancellationToken aborted = httpContext.RequestAborted;

        // The browser going away cancels the enumeration, and with it the Lambda stream.
        IAsyncEnumerator<T> enumerator = records.GetAsyncEnumerator(aborted);
        await using ConfiguredAsyncDisposable disposal = enumerator.ConfigureAwait(false);
        bool hasRecord;
        try
        {
            hasRecord = await enumerator.MoveNextAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            RelayLog.Cancelled(logger, 0);
            return;
        }
        catch (Exception exception) when (Relay.IsInvocationFailure(exception))
        {
            await Relay.WriteProblemAsync(httpContext, exception, logger).ConfigureAwait(false);
            return;
        }

        HttpResponse response = httpContext.Response;
        Relay.StartStreaming(httpContext, framing.ContentType);
        await response.StartAsync(aborted).ConfigureAwait(false);
        long relayed = 0;
        try
        {
            while (hasRecord)
            {
                framing.WriteRecord(response.BodyWriter, enumerator.Current, typeInfo);
                relayed++;
                await response.BodyWriter.FlushAsync(aborted).ConfigureAwait(false);
                hasRecord = await enumerator.MoveNextAsync().ConfigureAwait(false);
            }

            framing.WriteEnd(response.BodyWriter, relayed);
            await response.BodyWriter.FlushAsync(aborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            RelayLog.Cancelled(logger, relayed);
        }
        catch (Exception exception) when (!aborted.IsCancellationRequested)
        {
            RelayError error = RelayError.From(exception, relayed);
            RelayLog.FailedAfterStart(logger, exception, error.Code, relayed);
            framing.WriteError(response.BodyWriter, error);
            await response.BodyWriter.FlushAsync(aborted).ConfigureAwait(false);
        }
    }
}

/// <summary>What every relay result does the same way.</summary>
internal static class Relay
{
    /// <summary>A failure of the invocation that an HTTP status describes; anything else is a bug to surface as one.</summary>
    public static bool IsInvocationFailure(Exception exception) => exception is LambdaStreamingException or Amazon.Runtime.AmazonClientException;

    public static ILogger Logger(HttpContext httpContext) =>
        httpContext.RequestServices?.GetService<ILoggerFactory>()?.CreateLogger(RelayLog.Category) ?? NullLogger.Instance;

    /// <summary>Headers and features for a response that is written while it is produced.</summary>
    public static void StartStreaming(HttpContext httpContext, string? contentType)
    {
        HttpResponse response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        if (contentType is not null)
        {
            response.ContentType = contentType;
        }

        response.Headers.CacheControl = "no-cache";

        // Reverse proxies (nginx and others) buffer responses unless told not to.
        response.Headers["X-Accel-Buffering"] = "no";

        // Every write goes out at once, compression middleware included.
        httpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
    }

    public static async Task WriteProblemAsync(HttpContext httpContext, Exception exception, ILogger logger)
    {
        int status = RelayError.StatusOf(exception);
        string code = RelayError.CodeOf(exception);
        RelayLog.FailedBeforeStart(logger, exception, code, status);
        var extensions = new Dictionary<string, object?> { ["code"] = code };
        if ((exception as LambdaStreamingException)?.RequestId is { } requestId)
        {
            extensions["requestId"] = requestId;
        }

        IResult problem = TypedResults.Problem(
            detail: exception.Message,
            statusCode: status,
            title: status == StatusCodes.Status504GatewayTimeout ? "The Lambda function did not answer in time" : "The Lambda function could not be streamed",
            extensions: extensions);
        await problem.ExecuteAsync(httpContext).ConfigureAwait(false);
    }
}
