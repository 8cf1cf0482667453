using System.Text;
using System.Text.Json;
using LambdaStreamGen.EventStreams;

namespace LambdaStreamGen.Local.Tests.Support;

/// <summary>Reads Lambda's event semantics (docs/protocol.md §2.2) off decoded messages, for assertions.</summary>
internal static class Events
{
    public static string? EventType(EventStreamMessage message) => message.GetStringHeader(":event-type");

    public static string? MessageType(EventStreamMessage message) => message.GetStringHeader(":message-type");

    public static byte[] Payload(IEnumerable<EventStreamMessage> messages) =>
        [.. messages.Where(m => EventType(m) == "PayloadChunk").SelectMany(m => m.Payload.ToArray())];

    public static string PayloadText(IEnumerable<EventStreamMessage> messages) => Encoding.UTF8.GetString(Payload(messages));

    /// <summary>Asserts the stream ends with exactly one InvokeComplete and returns its JSON body.</summary>
    public static JsonElement SingleInvokeCompleteAtEnd(IReadOnlyList<EventStreamMessage> messages)
    {
        Assert.NotEmpty(messages);
        Assert.Single(messages, m => EventType(m) == "InvokeComplete");
        EventStreamMessage last = messages[^1];
        Assert.Equal("InvokeComplete", EventType(last));
        Assert.Equal("event", MessageType(last));
        Assert.Equal("application/json", last.GetStringHeader(":content-type"));
        Assert.All(messages.Where(m => EventType(m) == "PayloadChunk"), m => Assert.Equal("application/octet-stream", m.GetStringHeader(":content-type")));
        return JsonDocument.Parse(last.Payload).RootElement.Clone();
    }
}
