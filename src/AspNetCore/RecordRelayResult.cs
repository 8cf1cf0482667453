using System.Runtime.CompilerServices;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

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
