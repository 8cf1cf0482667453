using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LambdaStreamGen.AspNetCore;

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
