using System.Buffers;
using LambdaStreamGen.EventStreams;

namespace LambdaStreamGen.Tests.Support;

/// <summary>Builds encoded messages for tests.</summary>
internal static class MessageFactory
{
    public static byte[] Encode(params EventStreamMessage[] messages)
    {
        var buffer = new ArrayBufferWriter<byte>();
        foreach (EventStreamMessage message in messages)
        {
            EventStreamWriter.Write(buffer, message);
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static EventStreamMessage Event(string eventType, byte[] payload) => new(
        [
            new EventStreamHeader(":event-type", EventStreamHeaderValue.FromString(eventType)),
            new EventStreamHeader(":content-type", EventStreamHeaderValue.FromString("application/octet-stream")),
            new EventStreamHeader(":message-type", EventStreamHeaderValue.FromString("event")),
        ],
        payload);
}
