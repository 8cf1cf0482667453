using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using LambdaStreamGen.Decoding;

namespace LambdaStreamGen.Benchmarks;

/// <summary>
/// The typed decoders in memory, next to their limits on the same bytes: System.Text.Json deserializing each line
/// (pre-split, no streaming) and UTF-8 decoding each line to a string. The payload is the replay scenario's
/// <c>records</c> body: 4 KiB chunks of twenty ~205-byte JSON lines, 1 MiB in all.
/// </summary>
[Config(typeof(GeneratorBenchmarkSetup.Config))]
[MemoryDiagnoser]
public class TypedDecodeBenchmarks
{
    private ReadOnlyMemory<byte>[] _chunks = [];
    private ReadOnlyMemory<byte>[] _lines = [];

    [GlobalSetup]
    public void Setup()
    {
        byte[] chunk = [.. Enumerable.Range(0, 20).SelectMany(i => JsonSerializer.SerializeToUtf8Bytes(new Record(100_000 + i, new string((char)('a' + i), 160), 3.25 + i), RecordContext.Default.Record).Append((byte)'\n'))];
        _chunks = [.. Enumerable.Repeat(chunk, 1024 * 1024 / chunk.Length).Select(c => (ReadOnlyMemory<byte>)c)];
        _lines = [.. _chunks.SelectMany(Split)];
    }

    [Benchmark(Baseline = true)]
    public int JsonLimit()
    {
        int count = 0;
        foreach (ReadOnlyMemory<byte> line in _lines)
        {
            count += JsonSerializer.Deserialize(line.Span, RecordContext.Default.Record)!.Id > 0 ? 1 : 0;
        }

        return count;
    }

    [Benchmark]
    public async Task<int> JsonLines()
    {
        int count = 0;
        await foreach (Record record in JsonLinesDecoder.DecodeAsync(Chunks(), RecordContext.Default.Record))
        {
            count += record.Id > 0 ? 1 : 0;
        }

        return count;
    }

    [Benchmark]
    public int TextLimit()
    {
        int count = 0;
        foreach (ReadOnlyMemory<byte> line in _lines)
        {
            count += Encoding.UTF8.GetString(line.Span).Length > 0 ? 1 : 0;
        }

        return count;
    }

    [Benchmark]
    public async Task<int> TextLines()
    {
        int count = 0;
        await foreach (string line in TextLinesDecoder.DecodeAsync(Chunks()))
        {
            count += line.Length > 0 ? 1 : 0;
        }

        return count;
    }

    private async IAsyncEnumerable<ReadOnlyMemory<byte>> Chunks()
    {
        foreach (ReadOnlyMemory<byte> chunk in _chunks)
        {
            yield return chunk;
        }

        await Task.CompletedTask;
    }

    private static IEnumerable<ReadOnlyMemory<byte>> Split(ReadOnlyMemory<byte> chunk)
    {
        int start = 0;
        for (int i = 0; i < chunk.Length; i++)
        {
            if (chunk.Span[i] == (byte)'\n')
            {
                yield return chunk[start..i];
                start = i + 1;
            }
        }
    }
}
