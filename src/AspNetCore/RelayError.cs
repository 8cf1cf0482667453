using Microsoft.AspNetCore.Http;

namespace LambdaStreamGen.AspNetCore;

/// <summary>
/// The terminal record a relay writes when the stream fails after the response has started (the status code can no
/// longer change): an SSE <c>event: error</c> whose data is this object as JSON, or an NDJSON line
/// <c>{"error":{...}}</c>. A response that ends without it and without its last record was cut off.
/// </summary>
/// <param name="Code">What failed: <c>FunctionError</c>, <c>Truncated</c>, <c>Timeout</c>, <c>ServiceError</c>, <c>PayloadFormat</c>, <c>StreamError</c> or <c>Failed</c>.</param>
/// <param name="Message">A message for people.</param>
/// <param name="RequestId">Lambda's request id, to find the invocation in the function's logs.</param>
/// <param name="Records">How many records were relayed before the failure.</param>
public sealed record RelayError(string Code, string Message, string? RequestId, long Records)
{
    internal static RelayError From(Exception exception, long records) => new(CodeOf(exception), exception.Message, (exception as LambdaStreamingException)?.RequestId, records);

    internal static string CodeOf(Exception exception) => exception switch
    {
        LambdaFunctionException => "FunctionError",
        LambdaStreamTruncatedException => "Truncated",
        LambdaTimeoutException => "Timeout",
        LambdaServiceException => "ServiceError",
        LambdaPayloadFormatException => "PayloadFormat",
        LambdaStreamingException => "StreamError",
        _ => "Failed",
    };

    /// <summary>The HTTP status for a failure before the first byte: 504 for a timeout, 503 when throttled, else 502 (a bad gateway).</summary>
    internal static int StatusOf(Exception exception) => exception switch
    {
        LambdaTimeoutException => StatusCodes.Status504GatewayTimeout,
        LambdaServiceException { IsThrottling: true } => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status502BadGateway,
    };
}
