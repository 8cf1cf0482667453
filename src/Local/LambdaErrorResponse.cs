using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace LambdaStreamGen.Local;

/// <summary>
/// An error answered before any stream starts, shaped as Lambda's restJson1 errors are (docs/protocol.md §2.4): the code in
/// <c>X-Amzn-ErrorType</c> and a JSON body with <c>Type</c> and the message under the key the error's model shape uses
/// (<see cref="MessageKey"/>).
/// </summary>
internal sealed record LambdaErrorResponse(int StatusCode, string ErrorType, string Message, string Type = "User", TimeSpan? RetryAfter = null, string? Reason = null)
{
    public static LambdaErrorResponse MissingAuthenticationToken() => new(403, "MissingAuthenticationTokenException", "Missing Authentication Token");

    public static LambdaErrorResponse InvalidSignature(string message) => new(403, "InvalidSignatureException", message);

    public static LambdaErrorResponse UnrecognizedClient() => new(403, "UnrecognizedClientException", "The security token included in the request is invalid.");

    public static LambdaErrorResponse Validation(string message) => new(400, "ValidationException", message);

    public static LambdaErrorResponse InvalidParameterValue(string message) => new(400, "InvalidParameterValueException", message);

    public static LambdaErrorResponse ResourceNotFound(string message) => new(404, "ResourceNotFoundException", message);

    public static LambdaErrorResponse RequestTooLarge(long limit) =>
        new(413, "RequestTooLargeException", $"Request must be smaller than {limit.ToString(CultureInfo.InvariantCulture)} bytes for the InvokeWithResponseStream operation");

    public static LambdaErrorResponse UnknownOperation() => new(404, "UnknownOperationException", "The emulator serves only POST /2021-11-15/functions/{FunctionName}/response-streaming-invocations.");

    public static LambdaErrorResponse TooManyRequests(TimeSpan retryAfter) =>
        new(429, "TooManyRequestsException", "Rate Exceeded.", RetryAfter: retryAfter, Reason: "ReservedFunctionConcurrentInvocationLimitExceeded");

    // The Lambda model's error shapes that name their message member "Message"; the others use "message" (the JSON
    // name every other AWS error uses). Taken from the model's shapes as the AWS SDK for JavaScript carries them.
    private static readonly HashSet<string> CapitalMessageShapes = new(StringComparer.Ordinal)
    {
        "ResourceNotFoundException", "ServiceException", "ResourceInUseException", "CodeSigningConfigNotFoundException",
        "CodeVerificationFailedException", "InvalidCodeSignatureException", "DurableExecutionAlreadyStartedException",
        "EC2AccessDeniedException", "EC2ThrottledException", "EC2UnexpectedException", "EFSIOException",
        "EFSMountConnectivityException", "EFSMountFailureException", "EFSMountTimeoutException", "ENILimitReachedException",
        "InvalidRuntimeException", "InvalidSecurityGroupIDException", "InvalidSubnetIDException", "InvalidZipFileException",
        "KMSAccessDeniedException", "KMSDisabledException", "KMSInvalidStateException", "KMSNotFoundException",
        "NoPublishedVersionException", "RecursiveInvocationException", "SnapStartException", "SnapStartNotReadyException",
        "SnapStartTimeoutException", "SubnetIPAddressLimitReachedException",
    };

    /// <summary>The JSON key of the message in the body of <paramref name="errorType"/>.</summary>
    public static string MessageKey(string errorType) => CapitalMessageShapes.Contains(errorType) ? "Message" : "message";

    public static LambdaErrorResponse InvalidRequestContent(string message) => new(400, "InvalidRequestContentException", message);

    public async Task WriteAsync(HttpResponse response)
    {
        response.StatusCode = StatusCode;
        response.Headers["X-Amzn-ErrorType"] = ErrorType;
        response.ContentType = "application/json";
        if (RetryAfter is { } retryAfter)
        {
            response.Headers.RetryAfter = ((long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        var body = new Dictionary<string, string> { ["Type"] = Type, [MessageKey(ErrorType)] = Message };
        if (Reason is not null)
        {
            body["Reason"] = Reason;
        }

        await response.Body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(body, LocalJsonContext.Default.DictionaryStringString)).ConfigureAwait(false);
    }
}
