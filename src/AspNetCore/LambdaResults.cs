using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;

namespace LambdaStreamGen.AspNetCore;

/// <summary>
/// Minimal-API results that relay a Lambda stream to a browser while the function produces it. Pass the request's
/// <see cref="HttpContext.RequestAborted"/> to the call that starts the stream (the relays also cancel the records'
/// enumeration with it), so that a browser going away stops the function's stream at once.
/// </summary>
/// <remarks>
/// Failures before the first byte become <c>ProblemDetails</c> with 502 (function or service error), 503 (throttled)
/// or 504 (timeout). After the response started, a failure is a terminal <see cref="RelayError"/> record (SSE
/// <c>event: error</c>, NDJSON <c>{"error":{...}}</c>) and a warning in the log; a raw relay aborts the connection.
/// Truncation and function errors are never presented as a complete response.
/// </remarks>
public static class LambdaResults
{
    /// <summary>
    /// Server-sent events (<c>text/event-stream</c>): one event per record, its data the record as one JSON line;
    /// then <c>event: end</c> (data <c>{"records":N}</c>) on completion, so that an <c>EventSource</c> closes instead
    /// of reconnecting, or <c>event: error</c> with a <see cref="RelayError"/>.
    /// </summary>
    /// <typeparam name="T">The record type.</typeparam>
    /// <param name="records">The records, typically a generated client's method called with <see cref="HttpContext.RequestAborted"/>.</param>
    /// <param name="typeInfo">The record type's JSON metadata.</param>
    /// <param name="eventType">The SSE event name of records; none (the browser's default <c>message</c>) when null.</param>
    /// <returns>The result.</returns>
    public static IResult ServerSentEvents<T>(IAsyncEnumerable<T> records, JsonTypeInfo<T> typeInfo, string? eventType = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(typeInfo);
        if (eventType is not null && (eventType.Length == 0 || eventType.AsSpan().IndexOfAny('\r', '\n') >= 0 || eventType is "end" or "error"))
        {
            throw new ArgumentException("An event type is a non-empty name without line breaks, other than 'end' and 'error', which the relay uses.", nameof(eventType));
        }

        return new RecordRelayResult<T>(records, typeInfo, RecordFraming.ServerSentEvents(eventType));
    }

    /// <summary>Newline-delimited JSON (<c>application/x-ndjson</c>): one record per line; a failure is a last line <c>{"error":{...}}</c> (<see cref="RelayError"/>).</summary>
    /// <typeparam name="T">The record type.</typeparam>
    /// <param name="records">The records.</param>
    /// <param name="typeInfo">The record type's JSON metadata.</param>
    /// <returns>The result.</returns>
    public static IResult NdJson<T>(IAsyncEnumerable<T> records, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(typeInfo);
        return new RecordRelayResult<T>(records, typeInfo, RecordFraming.NdJson);
    }

    /// <summary>
    /// The function's bytes as they are, with its content type. With <paramref name="httpIntegrationPrelude"/>, the
    /// prelude of a function-URL style function is read first and its status code, headers and cookies applied.
    /// </summary>
    /// <param name="invocation">The invocation, for example <c>client.InvokeAsync(request, httpContext.RequestAborted)</c> or a generated method returning <c>Task&lt;LambdaResponseStream&gt;</c>.</param>
    /// <param name="httpIntegrationPrelude">Whether the function sends the HTTP-integration prelude.</param>
    /// <returns>The result.</returns>
    public static IResult Stream(Task<LambdaResponseStream> invocation, bool httpIntegrationPrelude = false)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        return new RawRelayResult(invocation, httpIntegrationPrelude);
    }
}
