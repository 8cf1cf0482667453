namespace LambdaStreamGen.Decoding;

/// <summary>One server-sent event (<c>text/event-stream</c>).</summary>
/// <param name="EventType">The <c>event:</c> field; <c>message</c> when the event named none.</param>
/// <param name="Data">The <c>data:</c> lines, joined with <c>\n</c>.</param>
/// <param name="Id">The last <c>id:</c> seen, or <see langword="null"/>.</param>
/// <param name="Retry">The <c>retry:</c> field of this event, or <see langword="null"/>.</param>
public sealed record ServerSentEvent(string EventType, string Data, string? Id, TimeSpan? Retry);
