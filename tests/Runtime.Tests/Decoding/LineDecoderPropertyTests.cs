using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using CsCheck;
using LambdaStreamGen.Decoding;
using LambdaStreamGen.Tests.Support;

namespace LambdaStreamGen.Tests.Decoding;

/// <summary>
/// For random records and random chunkings (1-byte chunks included), decoded values equal the originals: records
/// split inside strings and inside multi-byte characters, with <c>\n</c> or <c>\r\n</c> (and for server-sent events a
/// lone <c>\r</c>) and blank lines between.
/// </summary>
public sealed class LineDecoderPropertyTests
{
    private static readonly Gen<string> Text = Gen.OneOfConst("a", "Z", " ", "\"", "\\", "é", "日本", "🙂", "\t", "{", "}")
        .Array[0, 30]
        .Select(string.Concat);

    private static readonly Gen<Row> RowGen = Gen.Select(Gen.Int, Text, Gen.Double[-1e6, 1e6], (id, name, score) => new Row(id, name, score));

    private static readonly Gen<int[]> Cuts = Gen.OneOf(Gen.Const(new[] { 1 }), Gen.Int[1, 64].Array[1, 8]);

    [Fact]
    public async Task Json_lines_decode_to_the_original_records_at_any_chunking()
    {
        await Gen.Select(RowGen.Array[0, 40], Cuts, Gen.Bool, Gen.Bool, Gen.Bool).SampleAsync(async sample =>
        {
            (Row[] rows, int[] cuts, bool crlf, bool blankLines, bool finalBreak) = sample;
            string newline = crlf ? "\r\n" : "\n";
            var payload = new StringBuilder();
            foreach (Row row in rows)
            {
                payload.Append(JsonSerializer.Serialize(row, TestJsonContext.Default.Row)).Append(newline);
                if (blankLines)
                {
                    payload.Append("  ").Append(newline);
                }
            }

            // The last record (or blank line) may end the payload without a line break.
            string text = finalBreak ? payload.ToString() : payload.ToString().TrimEnd('\r', '\n');
            var decoded = new List<Row>();
            await foreach (Row row in JsonLinesDecoder.DecodeAsync(Chunk(Encoding.UTF8.GetBytes(text), cuts), TestJsonContext.Default.Row))
            {
                decoded.Add(row);
            }

            Assert.Equal(rows, decoded);
        }, iter: 300);
    }

    [Fact]
    public async Task Text_lines_decode_to_the_original_lines_at_any_chunking()
    {
        Gen<string> line = Text.Select(t => t.Replace("\r", string.Empty, StringComparison.Ordinal));
        await Gen.Select(line.Array[0, 40], Cuts, Gen.Bool, Gen.Bool).SampleAsync(async sample =>
        {
            (string[] lines, int[] cuts, bool crlf, bool finalBreak) = sample;
            string newline = crlf ? "\r\n" : "\n";
            string payload = string.Join(newline, lines) + (finalBreak && lines.Length > 0 ? newline : string.Empty);

            var decoded = new List<string>();
            await foreach (string text in TextLinesDecoder.DecodeAsync(Chunk(Encoding.UTF8.GetBytes(payload), cuts)))
            {
                decoded.Add(text);
            }

            // A trailing empty line without a break carries nothing, so it is not a line.
            string[] expected = !finalBreak && lines.Length > 0 && lines[^1].Length == 0 ? lines[..^1] : lines;
            Assert.Equal(expected, decoded);
        }, iter: 300);
    }

    [Fact]
    public async Task Malformed_json_line_names_the_line_offset_and_start_after_the_good_records()
    {
        byte[] payload = "{\"id\":1,\"name\":\"a\",\"score\":1}\n\n{\"id\":2,\"name\":\"b\",\"score\":2}\r\n{\"id\":3,\"name\":oops}\n{\"id\":4}\n"u8.ToArray();
        var decoded = new List<Row>();

        var exception = await Assert.ThrowsAsync<LambdaPayloadFormatException>(async () =>
        {
            await foreach (Row row in JsonLinesDecoder.DecodeAsync(Chunk(payload, [5]), TestJsonContext.Default.Row))
            {
                decoded.Add(row);
            }
        });

        Assert.Equal([1, 2], decoded.Select(r => r.Id));
        Assert.Equal(4, exception.RecordNumber);
        Assert.Equal(Encoding.UTF8.GetByteCount("{\"id\":1,\"name\":\"a\",\"score\":1}\n\n{\"id\":2,\"name\":\"b\",\"score\":2}\r\n"), exception.ByteOffset);
        Assert.StartsWith("{\"id\":3", exception.Excerpt, StringComparison.Ordinal);
        Assert.Contains("line 4", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_utf8_text_line_is_an_error_not_a_replacement_character()
    {
        byte[] payload = [(byte)'o', (byte)'k', (byte)'\n', 0xC3, 0x28, (byte)'\n'];

        var exception = await Assert.ThrowsAsync<LambdaPayloadFormatException>(async () =>
        {
            await foreach (string _ in TextLinesDecoder.DecodeAsync(Chunk(payload, [1])))
            {
            }
        });

        Assert.Equal(2, exception.RecordNumber);
        Assert.Equal(3, exception.ByteOffset);
    }

    [Fact]
    public async Task Server_sent_events_are_the_same_for_every_line_break_and_chunking()
    {
        // Events of data lines with any mix of LF, CRLF and lone CR breaks: a CR and an LF in different chunks must
        // still count as one break (or the event would end early), so the events equal the ones written.
        Gen<string> value = Text.Select(t => t.Replace("\r", string.Empty, StringComparison.Ordinal).Replace("\n", string.Empty, StringComparison.Ordinal));
        Gen<string> lineBreak = Gen.OneOfConst("\n", "\r\n", "\r");
        Gen<(string Type, string[] Data)> eventGen = Gen.Select(Gen.OneOfConst("message", "update"), value.Array[1, 4], (type, data) => (type, data));
        await Gen.Select(eventGen.Array[0, 12], lineBreak.Array[1, 6], Cuts).SampleAsync(async sample =>
        {
            ((string Type, string[] Data)[] events, string[] breaks, int[] cuts) = sample;
            var payload = new StringBuilder();
            int next = 0;
            string previous = string.Empty;

            string Break()
            {
                // A lone CR written just before an LF would make one CRLF break, not two: write CR CRLF instead.
                string chosen = breaks[next++ % breaks.Length];
                previous = previous == "\r" && chosen == "\n" ? "\r\n" : chosen;
                return previous;
            }
            foreach ((string type, string[] data) in events)
            {
                payload.Append("event: ").Append(type).Append(Break());
                foreach (string line in data)
                {
                    payload.Append("data: ").Append(line).Append(Break());
                }

                payload.Append(Break());
            }

            var decoded = new List<ServerSentEvent>();
            await foreach (ServerSentEvent e in ServerSentEventDecoder.DecodeAsync(Chunk(Encoding.UTF8.GetBytes(payload.ToString()), cuts)))
            {
                decoded.Add(e);
            }

            Assert.Equal(events.Select(e => new ServerSentEvent(e.Type, string.Join('\n', e.Data), null, null)), decoded);
        }, iter: 300);
    }

    [Fact]
    public async Task Each_record_is_yielded_as_soon_as_its_line_is_complete()
    {
        var gate = new SemaphoreSlim(0);
        async IAsyncEnumerable<ReadOnlyMemory<byte>> Chunks([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            yield return "{\"id\":1,\"name\":\"x\",\"score\":0}\n{\"id\":2,"u8.ToArray();
            await gate.WaitAsync(cancellationToken);
            yield return "\"name\":\"y\",\"score\":0}\n"u8.ToArray();
        }

        await using IAsyncEnumerator<Row> rows = JsonLinesDecoder.DecodeAsync(Chunks(), TestJsonContext.Default.Row).GetAsyncEnumerator();

        // The first record must come out while the source is still waiting for the rest of the second.
        Assert.True(await rows.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(1, rows.Current.Id);
        ValueTask<bool> second = rows.MoveNextAsync();
        Assert.False(second.IsCompleted);
        gate.Release();
        Assert.True(await second);
        Assert.Equal(2, rows.Current.Id);
    }

    internal static async IAsyncEnumerable<ReadOnlyMemory<byte>> Chunk(byte[] payload, int[] cuts)
    {
        int offset = 0;
        for (int i = 0; offset < payload.Length; i++)
        {
            int size = Math.Min(cuts[i % cuts.Length], payload.Length - offset);

            // Each chunk is its own copy, overwritten afterwards, as the event reader reuses its buffer.
            byte[] chunk = payload.AsSpan(offset, size).ToArray();
            yield return chunk;
            Array.Fill(chunk, (byte)'#');
            offset += size;
            await Task.Yield();
        }
    }
}
