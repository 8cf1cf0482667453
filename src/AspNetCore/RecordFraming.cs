using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace LambdaStreamGen.AspNetCore;

/// <summary>How records, the end of a stream and a failure are written for one browser-facing format.</summary>
internal abstract class RecordFraming
{
    public static readonly RecordFraming NdJson = new NdJsonFraming();

    public abstract string ContentType { get; }

    public abstract void WriteRecord<T>(IBufferWriter<byte> output, T record, JsonTypeInfo<T> typeInfo);

    public abstract void WriteEnd(IBufferWriter<byte> output, long records);

    public abstract void WriteError(IBufferWriter<byte> output, RelayError error);

    public static RecordFraming ServerSentEvents(string? eventType) => new ServerSentEventFraming(eventType);

    protected static void WriteJson<T>(IBufferWriter<byte> output, T value, JsonTypeInfo<T> typeInfo)
    {
        // Compact JSON never contains a raw line break (they are escaped inside strings), so one record is one line:
        // one NDJSON line, or one SSE data line.
        using var writer = new Utf8JsonWriter(output);
        JsonSerializer.Serialize(writer, value, typeInfo);
    }

    /// <summary>
    /// text/event-stream: each record an event (<c>data:</c> one JSON line), then <c>event: end</c> on completion, or
    /// <c>event: error</c> with a <see cref="RelayError"/> on failure. The end event matters: a browser's
    /// <c>EventSource</c> reconnects (and so would invoke the function again) whenever a stream simply closes.
    /// </summary>
    private sealed class ServerSentEventFraming(string? eventType) : RecordFraming
    {
        private readonly byte[] _recordPrefix = System.Text.Encoding.UTF8.GetBytes(eventType is null ? "data: " : $"event: {eventType}\ndata: ");

        public override string ContentType => "text/event-stream";

        public override void WriteRecord<T>(IBufferWriter<byte> output, T record, JsonTypeInfo<T> typeInfo)
        {
            output.Write(_recordPrefix);
            WriteJson(output, record, typeInfo);
            output.Write("\n\n"u8);
        }

        public override void WriteEnd(IBufferWriter<byte> output, long records)
        {
            output.Write("event: end\ndata: "u8);
            WriteJson(output, new RelayEnd(records), RelayJsonContext.Default.RelayEnd);
            output.Write("\n\n"u8);
        }

        public override void WriteError(IBufferWriter<byte> output, RelayError error)
        {
            output.Write("event: error\ndata: "u8);
            WriteJson(output, error, RelayJsonContext.Default.RelayError);
            output.Write("\n\n"u8);
        }
    }

    /// <summary>application/x-ndjson: one record per line; a failure is a last line <c>{"error":{...}}</c>.</summary>
    private sealed class NdJsonFraming : RecordFraming
    {
        public override string ContentType => "application/x-ndjson";

        public override void WriteRecord<T>(IBufferWriter<byte> output, T record, JsonTypeInfo<T> typeInfo)
        {
            WriteJson(output, record, typeInfo);
            output.Write("\n"u8);
        }

        public override void WriteEnd(IBufferWriter<byte> output, long records)
        {
            // NDJSON has no end marker: the response's own end (a complete chunked body) is the end.
        }

        public override void WriteError(IBufferWriter<byte> output, RelayError error)
        {
            output.Write("{\"error\":"u8);
            WriteJson(output, error, RelayJsonContext.Default.RelayError);
            output.Write("}\n"u8);
        }
    }
}
