using System.Buffers;
using System.Text;
using System.Text.Json;
using LambdaStreamGen.EventStreams;

namespace LambdaStreamGen.Benchmarks;

/// <summary>
/// Pre-encoded Lambda response bodies: a block of <c>PayloadChunk</c> events sent <see cref="Repeats"/> times, then one
/// <c>InvokeComplete</c>. The server only copies bytes, so it costs the same whichever client reads.
/// </summary>
internal sealed record ReplayBody(string Name, byte[] Block, int Repeats, byte[] Tail, long PayloadBytes, long Messages, long Records)
{
    // Declared before All, which is built from it.
    private static readonly EventStreamHeader[] PayloadChunk =
    [
        new(":event-type", EventStreamHeaderValue.FromString("PayloadChunk")),
        new(":content-type", EventStreamHeaderValue.FromString("application/octet-stream")),
        new(":message-type", EventStreamHeaderValue.FromString("event")),
    ];

    /// <summary>The bodies the replay scenario reads: 1 GiB in 32 KiB chunks, 256 MiB in 1 KiB chunks, 256 MiB of ~200-byte JSON lines.</summary>
    public static IReadOnlyList<ReplayBody> All { get; } =
    [
        Chunks("chunks-32k", 32 * 1024, 1024),
        Chunks("chunks-1k", 1024, 256),
        JsonLines("records", 256),
        Small("hello", "hello\n"u8.ToArray()),

        // What samples/AotSmoke reads (its JSON context keeps the property names as declared).
        Small("rows", "{\"Id\":1,\"Name\":\"one\"}\n{\"Id\":2,\"Name\":\"two\"}\n{\"Id\":3,\"Name\":\"three\"}\n"u8.ToArray()),
    ];

    public long WireBytes => ((long)Block.Length * Repeats) + Tail.Length;

    public static ReplayBody Find(string name) => All.Single(b => b.Name == name);

    private static ReplayBody Chunks(string name, int chunkBytes, int mebibytes)
    {
        byte[] payload = new byte[chunkBytes];
        new Random(7).NextBytes(payload);
        int perBlock = 1024 * 1024 / chunkBytes;
        var block = new ArrayBufferWriter<byte>();
        for (int i = 0; i < perBlock; i++)
        {
            EventStreamWriter.Write(block, PayloadChunk, payload);
        }

        return new ReplayBody(name, block.WrittenSpan.ToArray(), mebibytes, Complete(), (long)mebibytes * 1024 * 1024, (long)perBlock * mebibytes, 0);
    }

    /// <summary>JSON lines of about 200 bytes, twenty to a chunk, as a function writing records in small batches sends them.</summary>
    private static ReplayBody JsonLines(string name, int mebibytes)
    {
        var lines = new List<byte[]>();
        for (int i = 0; i < 20; i++)
        {
            lines.Add([.. JsonSerializer.SerializeToUtf8Bytes(new Record(100_000 + i, new string((char)('a' + i), 160), 3.25 + i), RecordContext.Default.Record), (byte)'\n']);
        }

        byte[] chunk = [.. lines.SelectMany(l => l)];
        var block = new ArrayBufferWriter<byte>();
        int perBlock = 1024 * 1024 / chunk.Length;
        for (int i = 0; i < perBlock; i++)
        {
            EventStreamWriter.Write(block, PayloadChunk, chunk);
        }

        return new ReplayBody(name, block.WrittenSpan.ToArray(), mebibytes, Complete(), (long)chunk.Length * perBlock * mebibytes, (long)perBlock * mebibytes, 20L * perBlock * mebibytes);
    }

    /// <summary>One small chunk: what a cold-start measurement waits for.</summary>
    private static ReplayBody Small(string name, byte[] payload)
    {
        var block = new ArrayBufferWriter<byte>();
        EventStreamWriter.Write(block, PayloadChunk, payload);
        return new ReplayBody(name, block.WrittenSpan.ToArray(), 1, Complete(), payload.Length, 1, 0);
    }


    private static byte[] Complete()
    {
        var writer = new ArrayBufferWriter<byte>();
        EventStreamWriter.Write(
            writer,
            [
                new(":event-type", EventStreamHeaderValue.FromString("InvokeComplete")),
                new(":content-type", EventStreamHeaderValue.FromString("application/json")),
                new(":message-type", EventStreamHeaderValue.FromString("event")),
            ],
            Encoding.UTF8.GetBytes("{}"));
        return writer.WrittenSpan.ToArray();
    }
}
