using LambdaStreamGen.Decoding;
using Microsoft.AspNetCore.Http;

namespace LambdaStreamGen.AspNetCore;

/// <summary>
/// Passes a function's bytes through as they are, with its content type; for functions that send the
/// HTTP-integration prelude, its status, headers and cookies become the response's, as a function URL would apply
/// them. Raw bytes have no room for an error record, so a failure after the first byte aborts the connection: the
/// browser sees a failed download, never a complete one.
/// </summary>
internal sealed class RawRelayResult(Task<LambdaResponseStream> invocation, bool httpIntegrationPrelude) : IResult
{
    private const string HttpIntegrationContentType = "application/vnd.awslambda.http-integration-response";

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var logger = Relay.Logger(httpContext);
        CancellationToken aborted = httpContext.RequestAborted;
        LambdaResponseStream stream;
        HttpIntegrationResponse? prelude = null;
        try
        {
            stream = await invocation.ConfigureAwait(false);
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

        await using (stream.ConfigureAwait(false))
        {
            try
            {
                if (httpIntegrationPrelude)
                {
                    prelude = await stream.ReadHttpIntegrationPreludeAsync(aborted).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (aborted.IsCancellationRequested)
            {
                RelayLog.Cancelled(logger, 0);
                return;
            }
            catch (LambdaStreamingException exception)
            {
                await Relay.WriteProblemAsync(httpContext, exception, logger).ConfigureAwait(false);
                return;
            }

            HttpResponse response = httpContext.Response;
            string? contentType = stream.ContentType == HttpIntegrationContentType ? null : stream.ContentType;
            Relay.StartStreaming(httpContext, contentType);
            if (prelude is not null && ApplyPrelude(response, prelude) is { } refused)
            {
                // Nothing is sent yet: answer for the whole response instead of sending part of the function's.
                response.Clear();
                await Relay.WriteProblemAsync(httpContext, refused, logger).ConfigureAwait(false);
                return;
            }

            long relayed = 0;
            try
            {
                await response.StartAsync(aborted).ConfigureAwait(false);
                await foreach (ReadOnlyMemory<byte> chunk in stream.ReadChunksAsync(aborted).ConfigureAwait(false))
                {
                    await response.Body.WriteAsync(chunk, aborted).ConfigureAwait(false);
                    await response.Body.FlushAsync(aborted).ConfigureAwait(false);
                    relayed += chunk.Length;
                }
            }
            catch (OperationCanceledException) when (aborted.IsCancellationRequested)
            {
                RelayLog.Cancelled(logger, relayed);
            }
            catch (Exception exception) when (!aborted.IsCancellationRequested)
            {
                RelayLog.RawAborted(logger, exception, RelayError.CodeOf(exception), relayed);
                httpContext.Abort();
            }
        }
    }

    // The decoder has refused what no HTTP response may carry (line breaks, bad names, statuses out of range); the
    // server may refuse more (Kestrel writes only ASCII header values unless told an encoding), and says so by
    // throwing as the header is set. Returns why the prelude cannot be applied, or null once it is.
    private static InvalidOperationException? ApplyPrelude(HttpResponse response, HttpIntegrationResponse prelude)
    {
        response.StatusCode = prelude.StatusCode;
        string field = string.Empty;
        try
        {
            foreach ((string name, string value) in prelude.Headers)
            {
                field = $"header '{name}'";
                response.Headers[name] = value;
            }

            int number = 0;
            foreach (string cookie in prelude.Cookies)
            {
                field = $"cookie {++number}";
                response.Headers.Append("Set-Cookie", cookie);
            }
        }
        catch (InvalidOperationException exception)
        {
            return new InvalidOperationException($"The function's HTTP-integration prelude has a {field} this server cannot send: {exception.Message}", exception);
        }

        return null;
    }
}
