using System.Buffers;
using System.Text;
using LambdaStreamGen.EventStreams;

namespace LambdaStreamGen.Fuzzing;

/// <summary>
/// Well-formed starting inputs for every target, built with the project's own writer so nothing binary is checked in.
/// Each is offered whole (control byte <c>0x0F</c>), in chunks of 1–8 bytes (<c>0x53</c>), and in chunks of up to
/// 16 KiB with the top bit set (<c>0xAE</c>: free-form JSON for the JSON targets).
/// </summary>
public static class FuzzSeeds
{
    /// <summary>Control bytes the seeds are written with.</summary>
    public static IReadOnlyList<byte> ControlBytes { get; } = [0x0F, 0x53, 0xAE];

    /// <summary>The seed payloads (without control byte) for a target.</summary>
    public static IReadOnlyList<byte[]> For(string target) => target switch
    {
        "reader" or "events" => [LambdaBody(error: false), LambdaBody(error: true), InStreamException(), EveryHeaderType()],
        "json-lines" => [Utf8("{\"Name\":\"a\",\"Id\":1,\"Score\":1.5,\"Active\":true,\"Tags\":[\"x\"],\"Extra\":{\"k\":[1,{\"z\":null}]},\"Child\":{\"Name\":\"é\"}}\r\n\n{\"Id\":2}\n"), Utf8("{\"a\":[1,2,{\"b\":\"€😀\"}]}\n[true,null]\n\"s\"\n")],
        "text-lines" => [Utf8("hello\r\nwörld\n€ 😀\n\nlast"), Utf8("\r\n\r")],
        "sse" => [Utf8("event: update\ndata: a\ndata: b\nid: 7\nretry: 100\n\n: comment\ndata: x\r\n\r\ndata:tail")],
        "json-array" => [Utf8("[{\"Name\":\"a\",\"Id\":1},{\"Id\":2,\"Tags\":[]}, {\"Child\":{\"Id\":3}} ]"), Utf8("[ {\"x\":\"€\"}, [1,[2]], null ]")],
        "http-prelude" => [[.. Utf8("{\"statusCode\":201,\"headers\":{\"content-type\":\"text/plain\"},\"cookies\":[\"a=b\"]}"), .. new byte[8], .. Utf8("body\n")]],
        _ => throw new ArgumentException($"No target named '{target}'.", nameof(target)),
    };

    /// <summary>Writes every seed of every target as <c>folder/target/seed-N-CC</c>.</summary>
    public static void WriteAll(string folder)
    {
        foreach (string target in FuzzTargets.All.Keys)
        {
            string directory = Path.Combine(folder, target);
            Directory.CreateDirectory(directory);
            IReadOnlyList<byte[]> seeds = For(target);
            for (int i = 0; i < seeds.Count; i++)
            {
                foreach (byte control in ControlBytes)
                {
                    File.WriteAllBytes(Path.Combine(directory, $"seed-{i}-{control:x2}"), [control, .. seeds[i]]);
                }
            }
        }
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static byte[] LambdaBody(bool error)
    {
        var body = new ArrayBufferWriter<byte>();
        EventStreamWriter.Write(body, Event("PayloadChunk"), Utf8("{\"row\":1}\n"));
        EventStreamWriter.Write(body, Event("PayloadChunk"), Utf8("{\"row\":2}\n"));
        EventStreamWriter.Write(body, Event("SomethingNew"), Utf8("{}"));
        EventStreamWriter.Write(body, Event("InvokeComplete"), Utf8(error
            ? "{\"ErrorCode\":\"Unhandled\",\"ErrorDetails\":\"{\\\"errorType\\\":\\\"Error\\\",\\\"errorMessage\\\":\\\"boom\\\",\\\"stackTrace\\\":[]}\",\"LogResult\":\"bG9n\"}"
            : "{}"));
        return body.WrittenSpan.ToArray();
    }

    private static byte[] InStreamException()
    {
        var body = new ArrayBufferWriter<byte>();
        EventStreamWriter.Write(body, Event("PayloadChunk"), Utf8("partial"));
        EventStreamWriter.Write(
            body,
            [
                new(":message-type", EventStreamHeaderValue.FromString("exception")),
                new(":exception-type", EventStreamHeaderValue.FromString("ServiceException")),
                new(":content-type", EventStreamHeaderValue.FromString("application/json")),
            ],
            Utf8("{\"message\":\"failed\"}"));
        return body.WrittenSpan.ToArray();
    }

    private static byte[] EveryHeaderType()
    {
        var body = new ArrayBufferWriter<byte>();
        EventStreamWriter.Write(
            body,
            [
                new(":message-type", EventStreamHeaderValue.FromString("event")),
                new(":event-type", EventStreamHeaderValue.FromString("PayloadChunk")),
                new("t", EventStreamHeaderValue.FromBoolean(true)),
                new("f", EventStreamHeaderValue.FromBoolean(false)),
                new("b", EventStreamHeaderValue.FromByte(-1)),
                new("s", EventStreamHeaderValue.FromInt16(short.MinValue)),
                new("i", EventStreamHeaderValue.FromInt32(int.MaxValue)),
                new("l", EventStreamHeaderValue.FromInt64(long.MinValue)),
                new("bytes", EventStreamHeaderValue.FromBytes(new byte[] { 0, 1, 2 })),
                new("time", EventStreamHeaderValue.FromTimestampMilliseconds(1_700_000_000_000)),
                new("uuid", EventStreamHeaderValue.FromUuid(new Guid("0102030405060708090a0b0c0d0e0f10"))),
            ],
            Utf8("x"));
        EventStreamWriter.Write(body, Event("InvokeComplete"), Utf8("{}"));
        return body.WrittenSpan.ToArray();
    }

    private static EventStreamHeader[] Event(string type) =>
    [
        new(":message-type", EventStreamHeaderValue.FromString("event")),
        new(":event-type", EventStreamHeaderValue.FromString(type)),
        new(":content-type", EventStreamHeaderValue.FromString("application/octet-stream")),
    ];
}
