using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using LambdaStreamGen.EventStreams;

namespace LambdaStreamGen.Local;

/// <summary>
/// Writes one invocation's response body as Lambda does (docs/protocol.md §2.2): <c>PayloadChunk</c> events, then one
/// <c>InvokeComplete</c>, each flushed to the socket at once. Applies the response cap, bandwidth emulation and the
/// stream-level faults (truncation, corrupt CRC, in-stream errors, unknown events).
/// </summary>
internal sealed class ResponseEventStream
{
    // Lambda's streaming bandwidth (docs/protocol.md §4): the first 6 MB uncapped, then 2 MB/s.
    private const long UncappedBandwidthBytes = 6L * 1024 * 1024;
    private const double CappedBytesPerSecond = 2.0 * 1024 * 1024;

    private static readonly EventStreamHeader[] PayloadChunkHeaders = EventHeaders("PayloadChunk", "application/octet-stream");
    private static readonly EventStreamHeader[] InvokeCompleteHeaders = EventHeaders("InvokeComplete", "application/json");

    private readonly PipeWriter _body;
    private readonly LocalLambdaServerOptions _options;
    private readonly TruncateFault? _truncate;
    private readonly CorruptCrcFault? _corruptCrc;
    private readonly Action _abortConnection;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ArrayBufferWriter<byte> _scratch = new(256);
    private int _messageIndex;

    public ResponseEventStream(PipeWriter body, LocalLambdaServerOptions options, IReadOnlyList<LocalFault> faults, Action abortConnection)
    {
        _body = body;
        _options = options;
        _truncate = faults.OfType<TruncateFault>().FirstOrDefault();
        _corruptCrc = faults.OfType<CorruptCrcFault>().FirstOrDefault();
        _abortConnection = abortConnection;
    }

    /// <summary>Payload bytes sent so far.</summary>
    public long PayloadBytesSent { get; private set; }

    /// <summary>Why the stream stopped before the function finished, or <see langword="null"/>.</summary>
    public StreamStop? Stopped { get; private set; }

    public async ValueTask SendPayloadChunkAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        ThrowIfStopped();
        if (PayloadBytesSent + payload.Length > _options.MaxResponseBytes)
        {
            Stopped = StreamStop.ResponseTooLarge;
            ThrowIfStopped();
        }

        bool truncateHere = false;
        if (_truncate is not null && PayloadBytesSent + payload.Length >= _truncate.PayloadBytes)
        {
            payload = payload[..(int)(_truncate.PayloadBytes - PayloadBytesSent)];
            truncateHere = true;
        }

        if (!payload.IsEmpty || !truncateHere)
        {
            await ThrottleBandwidthAsync(payload.Length, cancellationToken).ConfigureAwait(false);
            await SendAsync(PayloadChunkHeaders, payload.Span, cancellationToken).ConfigureAwait(false);
            PayloadBytesSent += payload.Length;
        }

        if (truncateHere)
        {
            Stopped = _truncate!.ResetConnection ? StreamStop.ConnectionReset : StreamStop.EndedEarly;
            if (_truncate.ResetConnection)
            {
                _abortConnection();
            }

            ThrowIfStopped();
        }
    }

    public ValueTask SendInvokeCompleteAsync(string? errorCode, string? errorDetails, string? logResult, CancellationToken cancellationToken)
    {
        var json = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(json))
        {
            writer.WriteStartObject();
            WriteIfPresent(writer, "ErrorCode", errorCode);
            WriteIfPresent(writer, "ErrorDetails", errorDetails);
            WriteIfPresent(writer, "LogResult", logResult);
            writer.WriteEndObject();
        }

        return SendAsync(InvokeCompleteHeaders, json.WrittenSpan, cancellationToken);
    }

    public ValueTask SendExceptionAsync(string exceptionType, string message, CancellationToken cancellationToken)
    {
        EventStreamHeader[] headers =
        [
            new(":exception-type", EventStreamHeaderValue.FromString(exceptionType)),
            new(":content-type", EventStreamHeaderValue.FromString("application/json")),
            new(":message-type", EventStreamHeaderValue.FromString("exception")),
        ];
        byte[] body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["message"] = message }, LocalJsonContext.Default.DictionaryStringString);
        return SendAsync(headers, body, cancellationToken);
    }

    public ValueTask SendErrorAsync(string errorCode, string message, CancellationToken cancellationToken)
    {
        EventStreamHeader[] headers =
        [
            new(":error-code", EventStreamHeaderValue.FromString(errorCode)),
            new(":error-message", EventStreamHeaderValue.FromString(message)),
            new(":message-type", EventStreamHeaderValue.FromString("error")),
        ];
        return SendAsync(headers, [], cancellationToken);
    }

    public ValueTask SendUnknownEventAsync(string eventType, CancellationToken cancellationToken) =>
        SendAsync(EventHeaders(eventType, "application/json"), "{}"u8, cancellationToken);

    private ValueTask SendAsync(EventStreamHeader[] headers, ReadOnlySpan<byte> payload, CancellationToken cancellationToken)
    {
        Encode(headers, payload);
        return WriteAsync(cancellationToken);
    }

    // The message is handed to Kestrel in one WriteAsync, which it sends as one HTTP chunk copied into its own pooled
    // 4 KiB blocks. Writing through the pipe's GetSpan instead sent every 4 KiB block as its own HTTP chunk, and asking
    // it for the whole message at once made Kestrel allocate a message-sized segment per message: a thousand stalled
    // streams then held 448 MiB instead of 202 MiB.
    private async ValueTask WriteAsync(CancellationToken cancellationToken)
    {
        FlushResult result = await _body.WriteAsync(_scratch.WrittenMemory, cancellationToken).ConfigureAwait(false);
        if (result.IsCanceled || result.IsCompleted)
        {
            Stopped = StreamStop.CallerDisconnected;
            ThrowIfStopped();
        }
    }

    private void Encode(EventStreamHeader[] headers, ReadOnlySpan<byte> payload)
    {
        _scratch.ResetWrittenCount();
        int length = EventStreamWriter.Write(_scratch, headers, payload);
        int index = _messageIndex++;
        if (_corruptCrc is not null && _corruptCrc.MessageIndex == index)
        {
            // The fault: the message goes out with its trailing CRC inverted.
            Span<byte> crc = MemoryMarshal.AsMemory(_scratch.WrittenMemory).Span.Slice(length - 4, 4);
            BinaryPrimitives.WriteUInt32BigEndian(crc, ~BinaryPrimitives.ReadUInt32BigEndian(crc));
        }
    }

    private async ValueTask ThrottleBandwidthAsync(int nextChunkLength, CancellationToken cancellationToken)
    {
        if (!_options.EmulateBandwidth)
        {
            return;
        }

        long afterChunk = PayloadBytesSent + nextChunkLength;
        if (afterChunk <= UncappedBandwidthBytes)
        {
            return;
        }

        // Time by which the capped part of the stream may have been sent, measured from the start of the response.
        double cappedBytes = afterChunk - UncappedBandwidthBytes;
        TimeSpan due = TimeSpan.FromSeconds(cappedBytes / CappedBytesPerSecond);
        TimeSpan wait = due - _clock.Elapsed;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
        }
    }

    private void ThrowIfStopped()
    {
        if (Stopped is { } reason)
        {
            throw new LocalStreamStoppedException(reason);
        }
    }

    private static void WriteIfPresent(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static EventStreamHeader[] EventHeaders(string eventType, string contentType) =>
    [
        new(":event-type", EventStreamHeaderValue.FromString(eventType)),
        new(":content-type", EventStreamHeaderValue.FromString(contentType)),
        new(":message-type", EventStreamHeaderValue.FromString("event")),
    ];
}
