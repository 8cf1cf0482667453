using System.Buffers;
using System.IO.Hashing;
using System.IO.Pipelines;
using Amazon.Runtime.EventStreams.Internal;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using LambdaStreamGen.EventStreams;

namespace LambdaStreamGen.Benchmarks;

/// <summary>
/// Decoding Lambda-shaped <c>PayloadChunk</c> messages, per message, against two baselines in the same run:
/// AWSSDK.Core 4.1's own decoder and the physical limit (CRC-32 over the same bytes, which any validating decoder must
/// compute). Each operation is one pass over a buffer of many messages; results are per message.
/// </summary>
[Config(typeof(Config))]
[MemoryDiagnoser]
public class EventStreamDecodeBenchmarks
{
    private byte[] _buffer = [];
    private int _messageCount;
    private EventStreamReader _viewReader = null!;
    private EventStreamReader _ownedReader = null!;
    private EventStreamDecoder _awsDecoder = null!;
    private long _awsPayloadBytes;

    [Params(64, 1024, 32 * 1024, 1024 * 1024)]
    public int PayloadSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // About 2 MiB of messages (at least 4), the same bytes for every method.
        _messageCount = Math.Max(4, (2 * 1024 * 1024) / (PayloadSize + 100));
        var writer = new ArrayBufferWriter<byte>();
        byte[] payload = new byte[PayloadSize];
        new Random(42).NextBytes(payload);
        EventStreamHeader[] headers =
        [
            new(":event-type", EventStreamHeaderValue.FromString("PayloadChunk")),
            new(":content-type", EventStreamHeaderValue.FromString("application/octet-stream")),
            new(":message-type", EventStreamHeaderValue.FromString("event")),
        ];
        for (int i = 0; i < _messageCount; i++)
        {
            EventStreamWriter.Write(writer, headers, payload);
        }

        _buffer = writer.WrittenSpan.ToArray();
        _viewReader = new EventStreamReader(new RepeatingPipeReader(_buffer));
        _ownedReader = new EventStreamReader(new RepeatingPipeReader(_buffer));
        _awsDecoder = new EventStreamDecoder();
        _awsDecoder.MessageReceived += (_, e) => _awsPayloadBytes += e.Message.Payload.Length;
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _viewReader.DisposeAsync();
        await _ownedReader.DisposeAsync();
    }

    /// <summary>The limit: CRC-32 over every byte once.</summary>
    [Benchmark]
    public uint Crc32Limit()
    {
        uint crc = Crc32.HashToUInt32(_buffer);
        return crc;
    }

    /// <summary>
    /// The same, through the CRC the reader uses (<see cref="EventStreamCrc"/>): 512-bit folding where the CPU has
    /// VPCLMULQDQ, so the limit of this machine's reader rather than of one that uses System.IO.Hashing.
    /// </summary>
    [Benchmark]
    public uint Crc32Folded()
    {
        uint crc = EventStreamCrc.Compute(_buffer);
        return crc;
    }

    /// <summary>AWSSDK.Core 4.1's decoder (push-based, a message object per message).</summary>
    [Benchmark(Baseline = true)]
    public long AwsSdkCore()
    {
        _awsPayloadBytes = 0;
        _awsDecoder.ProcessData(_buffer, 0, _buffer.Length);
        return _awsPayloadBytes;
    }

    /// <summary>
    /// Our reader's allocation-free path: <see cref="EventStreamReader.MoveNextAsync"/> and a view. The input is all
    /// buffered, so every call completes synchronously; the benchmark method is synchronous so that the only
    /// allocations it reports are the reader's.
    /// </summary>
    [Benchmark]
    public long OursView()
    {
        long total = 0;
        for (int i = 0; i < _messageCount; i++)
        {
            ValueTask<bool> next = _viewReader.MoveNextAsync();
            if (!next.IsCompletedSuccessfully || !next.Result)
            {
                throw new InvalidOperationException("The repeating input should always hold a whole message.");
            }

            total += _viewReader.Current.Payload.Length;
        }

        return total;
    }

    /// <summary>
    /// Our reader's owning path, <see cref="EventStreamReader.ReadAsync"/>, fed the buffer in memory as AWSSDK.Core's
    /// decoder is: each message owns its bytes and stays valid after the next read, like the SDK's messages.
    /// </summary>
    [Benchmark]
    public long OursOwnedMessages()
    {
        long total = 0;
        for (int i = 0; i < _messageCount; i++)
        {
            ValueTask<EventStreamMessage?> next = _ownedReader.ReadAsync();
            EventStreamMessage message = next.IsCompletedSuccessfully && next.Result is { } read
                ? read
                : throw new InvalidOperationException("The repeating input should always hold a whole message.");
            total += message.Payload.Length;
        }

        return total;
    }

    /// <summary>Our reader over a stream, returning messages that own their bytes: the convenient path.</summary>
    [Benchmark]
    public async Task<long> OursStreamMessages()
    {
        long total = 0;
        await using var reader = new EventStreamReader(new MemoryStream(_buffer, writable: false));
        while (await reader.ReadAsync() is { } message)
        {
            total += message.Payload.Length;
        }

        return total;
    }

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(3).WithIterationCount(10));
            WithOptions(ConfigOptions.DisableOptimizationsValidator);
        }
    }
}
