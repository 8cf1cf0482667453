using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using LambdaStreamGen.Decoding;
using LambdaStreamGen.EventStreams;
using LambdaStreamGen.Invocation;

namespace LambdaStreamGen.Fuzzing;

/// <summary>
/// One fuzz target per parser. Each takes arbitrary bytes (the first byte chooses how they are split into chunks),
/// lets only the exceptions the parser documents escape-free, and checks what it can against an oracle. Any other
/// exception, a failed oracle or a hang is a finding.
/// </summary>
public static class FuzzTargets
{
    /// <summary>The targets by name, as <c>fuzz.sh</c> and the replay tests call them.</summary>
    public static IReadOnlyDictionary<string, Action<byte[]>> All { get; } = new Dictionary<string, Action<byte[]>>(StringComparer.Ordinal)
    {
        ["reader"] = Reader,
        ["events"] = Events,
        ["json-lines"] = JsonLines,
        ["text-lines"] = TextLines,
        ["sse"] = ServerSentEvents,
        ["json-array"] = JsonArray,
        ["http-prelude"] = HttpPrelude,
    };

    /// <summary>
    /// The event-stream reader over a socket-like stream. Oracle: a body read to its end without error re-encodes to
    /// exactly the bytes that were read (framing is canonical, so accepting anything else means a lenient parser).
    /// </summary>
    public static void Reader(byte[] input)
    {
        ChunkPlan plan = ChunkPlan.Read(input, out ReadOnlySpan<byte> dataSpan);
        byte[] data = Framed(dataSpan, plan);
        var reencoded = new ArrayBufferWriter<byte>();
        bool canonical;
        try
        {
            canonical = Complete(ReadAllAsync(data, plan, reencoded));
        }
        catch (EventStreamFormatException)
        {
            return;
        }

        Check(!canonical || reencoded.WrittenSpan.SequenceEqual(data), "the reader accepted bytes that do not re-encode to themselves");
    }

    /// <summary>Lambda's event layer (PayloadChunk, InvokeComplete, exception/error messages) over the reader.</summary>
    public static void Events(byte[] input)
    {
        ChunkPlan plan = ChunkPlan.Read(input, out ReadOnlySpan<byte> dataSpan);
        byte[] data = Framed(dataSpan, plan);
        try
        {
            Complete(ReadEventsAsync(data, plan));
        }
        catch (Exception exception) when (exception is EventStreamFormatException or LambdaFunctionException or LambdaStreamErrorException or LambdaStreamTruncatedException)
        {
        }
    }

    /// <summary>JSON lines into a typed record (or a free-form element, by the control byte's top bit).</summary>
    public static void JsonLines(byte[] input) => DecodePayload(input, (chunks, freeForm) => freeForm
        ? DrainAsync(JsonLinesDecoder.DecodeAsync(chunks, FuzzJsonContext.Default.JsonElement))
        : DrainAsync(JsonLinesDecoder.DecodeAsync(chunks, FuzzJsonContext.Default.FuzzRecord)));

    /// <summary>
    /// Text lines. Oracle: the lines equal a whole-payload strict UTF-8 decode split on <c>\n</c> with one trailing
    /// <c>\r</c> removed, and invalid UTF-8 anywhere is reported, whatever the chunking.
    /// </summary>
    public static void TextLines(byte[] input)
    {
        ChunkPlan plan = ChunkPlan.Read(input, out ReadOnlySpan<byte> dataSpan);
        byte[] data = dataSpan.ToArray();
        List<string>? expected = ReferenceLines(data);
        var actual = new List<string>();
        try
        {
            Complete(CollectAsync(TextLinesDecoder.DecodeAsync(ChunkSource.EnumerateAsync(data, plan)), actual));
        }
        catch (LambdaPayloadFormatException)
        {
            Check(expected is null, "valid UTF-8 text was reported as invalid");
            return;
        }

        Check(expected is not null, "invalid UTF-8 was decoded without an error");
        Check(expected!.SequenceEqual(actual, StringComparer.Ordinal), "the lines differ from a whole-payload decode");
    }

    /// <summary>Server-sent events.</summary>
    public static void ServerSentEvents(byte[] input) => DecodePayload(input, (chunks, _) => DrainAsync(ServerSentEventDecoder.DecodeAsync(chunks)));

    /// <summary>A streamed JSON array of typed records (or free-form elements, by the control byte's top bit).</summary>
    public static void JsonArray(byte[] input) => DecodePayload(input, (chunks, freeForm) => freeForm
        ? DrainAsync(JsonArrayDecoder.DecodeAsync(chunks, FuzzJsonContext.Default.JsonElement))
        : DrainAsync(JsonArrayDecoder.DecodeAsync(chunks, FuzzJsonContext.Default.FuzzRecord)));

    /// <summary>
    /// The HTTP-integration prelude. Oracle: once the prelude is found, the body handed on is exactly the bytes after
    /// the first 8-byte NUL delimiter.
    /// </summary>
    public static void HttpPrelude(byte[] input)
    {
        ChunkPlan plan = ChunkPlan.Read(input, out ReadOnlySpan<byte> dataSpan);
        byte[] data = dataSpan.ToArray();
        try
        {
            Complete(ReadPreludeAsync(data, plan));
        }
        catch (LambdaPayloadFormatException)
        {
        }
    }

    // Runs a payload decoder over the input's chunks (with the plan's variant bit); the payload decoders document one
    // exception, the format error.
    private static void DecodePayload(byte[] input, Func<IAsyncEnumerable<ReadOnlyMemory<byte>>, bool, Task> decode)
    {
        ChunkPlan plan = ChunkPlan.Read(input, out ReadOnlySpan<byte> data);
        try
        {
            Complete(decode(ChunkSource.EnumerateAsync(data.ToArray(), plan), plan.Variant));
        }
        catch (LambdaPayloadFormatException)
        {
        }
    }

    // Returns false when a message had an empty string or byte-array value: accepted on decode but never written
    // (docs/protocol.md §3), so such input has no re-encoding to compare with.
    private static async Task<bool> ReadAllAsync(byte[] data, ChunkPlan plan, ArrayBufferWriter<byte> reencoded)
    {
        // A small message limit keeps each execution fast; the limit check itself is part of what is fuzzed.
        var options = new EventStreamReaderOptions { MaxMessageSize = 256 * 1024, BufferSize = 4096 };
        await using var reader = new EventStreamReader(new ChunkedStream(data, plan), options);
        while (await reader.MoveNextAsync().ConfigureAwait(false))
        {
            EventStreamMessageView view = reader.Current;
            long headerBytes = 0;
            foreach (EventStreamHeaderView header in view.GetHeaders())
            {
                headerBytes += header.NameUtf8.Length + header.ValueBytes.Length;
                _ = header.ToValue().ToString();
            }

            Check(headerBytes <= view.HeadersBytes.Length, "header views reach past the headers section");
            EventStreamMessage message = view.ToMessage();
            if (message.Headers.Any(h => IsEmptyValue(h.Value)))
            {
                return false;
            }

            EventStreamWriter.Write(reencoded, message);
        }

        return true;
    }

    private static bool IsEmptyValue(EventStreamHeaderValue value) => value.Type switch
    {
        EventStreamHeaderType.String => value.AsString().Length == 0,
        EventStreamHeaderType.ByteArray => value.AsBytes().IsEmpty,
        _ => false,
    };

    private static async Task ReadEventsAsync(byte[] data, ChunkPlan plan)
    {
        using var timeouts = new StreamTimeouts(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        await using var events = new LambdaEventReader(new ChunkedStream(data, plan), timeouts, new InvocationInfo("fuzz-fn", "fuzz-request", "$LATEST"));
        long payloadBytes = 0;
        while (await events.MoveNextChunkAsync(CancellationToken.None).ConfigureAwait(false))
        {
            Check(!events.CurrentChunk.IsEmpty, "an empty payload chunk was handed out");
            payloadBytes += events.CurrentChunk.Length;
        }

        Check(events.Completion is not null, "the stream ended successfully without InvokeComplete");
        Check(payloadBytes == events.PayloadBytes, "the payload byte count disagrees with the chunks handed out");
    }

    private static async Task ReadPreludeAsync(byte[] data, ChunkPlan plan)
    {
        var prelude = new HttpIntegrationPreludeReader();
        var body = new List<byte>();
        bool found = false;
        await foreach (ReadOnlyMemory<byte> chunk in ChunkSource.EnumerateAsync(data, plan).ConfigureAwait(false))
        {
            if (found)
            {
                body.AddRange(chunk.ToArray());
            }
            else if (prelude.Feed(chunk, out ReadOnlyMemory<byte> bodyStart) is not null)
            {
                found = true;
                body.AddRange(bodyStart.ToArray());
            }
        }

        if (!found)
        {
            throw prelude.Incomplete();
        }

        int delimiter = data.AsSpan().IndexOf(new byte[8]);
        Check(delimiter >= 0 && body.SequenceEqual(data.Skip(delimiter + 8)), "the body after the prelude is not the bytes after the delimiter");
    }

    /// <summary>
    /// With the control byte's top bit set, rewrites both CRCs of every message the lengths delimit. Random mutations
    /// almost never keep a CRC valid, so without this the fuzzer would only ever test the CRC checks; with it, it
    /// reaches the header, payload and event logic behind them.
    /// </summary>
    private static byte[] Framed(ReadOnlySpan<byte> input, ChunkPlan plan)
    {
        byte[] data = input.ToArray();
        if (!plan.Variant)
        {
            return data;
        }

        int offset = 0;
        while (data.Length - offset >= 16)
        {
            Span<byte> rest = data.AsSpan(offset);
            uint total = BinaryPrimitives.ReadUInt32BigEndian(rest);
            if (total < 16 || total > rest.Length)
            {
                break;
            }

            BinaryPrimitives.WriteUInt32BigEndian(rest[8..], Crc32.HashToUInt32(rest[..8]));
            BinaryPrimitives.WriteUInt32BigEndian(rest[(int)(total - 4)..], Crc32.HashToUInt32(rest[..(int)(total - 4)]));
            offset += (int)total;
        }

        return data;
    }

    private static List<string>? ReferenceLines(byte[] data)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(data);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }

        var lines = text.Split('\n').Select(line => line.EndsWith('\r') ? line[..^1] : line).ToList();
        if (lines[^1].Length == 0 && !text.EndsWith('\r'))
        {
            // A payload ending with a line break has no last partial line (nor has an empty payload).
            lines.RemoveAt(lines.Count - 1);
        }

        return lines;
    }

    private static async Task DrainAsync<T>(IAsyncEnumerable<T> items)
    {
        await foreach (T item in items.ConfigureAwait(false))
        {
            _ = item?.ToString();
        }
    }

    private static async Task CollectAsync<T>(IAsyncEnumerable<T> items, List<T> into)
    {
        await foreach (T item in items.ConfigureAwait(false))
        {
            into.Add(item);
        }
    }

    // Every source here is in memory and completes synchronously; a target that does not finish synchronously is
    // itself a finding (it would be waiting on something that never comes), so it fails instead of blocking.
    private static void Complete(Task task)
    {
        Check(task.IsCompleted, "the target did not complete synchronously over in-memory input");
        task.GetAwaiter().GetResult();
    }

    private static T Complete<T>(Task<T> task)
    {
        Check(task.IsCompleted, "the target did not complete synchronously over in-memory input");
        return task.GetAwaiter().GetResult();
    }

    private static void Check(bool condition, string finding)
    {
        if (!condition)
        {
            throw new FuzzFindingException(finding);
        }
    }
}
