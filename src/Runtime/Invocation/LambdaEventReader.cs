using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using LambdaStreamGen.EventStreams;

namespace LambdaStreamGen.Invocation;

/// <summary>
/// Lambda's event layer over the event-stream reader (docs/protocol.md §2.2–2.3): hands out <c>PayloadChunk</c> payloads,
/// skips unknown events, ends at <c>InvokeComplete</c> (throwing its error after everything before it was handed out),
/// turns in-stream <c>exception</c>/<c>error</c> messages into exceptions, and reports a body that ends without
/// <c>InvokeComplete</c> as truncated.
/// </summary>
internal sealed class LambdaEventReader : IAsyncDisposable
{
    // Lambda functions commonly flush 64 KiB chunks; with 64 KiB read buffers every such message straddles two
    // buffers and is copied once more. 128 KiB buffers hold one whole (docs/benchmarks.md).
    private static readonly EventStreamReaderOptions ReaderOptions = new() { BufferSize = 128 * 1024 };

    private readonly EventStreamReader _reader;
    private readonly StreamTimeouts _timeouts;
    private readonly InvocationInfo _info;
    private bool _completed;

    public LambdaEventReader(Stream body, StreamTimeouts timeouts, InvocationInfo info)
    {
        _reader = new EventStreamReader(new IdleClockStream(body, timeouts), ReaderOptions);
        _timeouts = timeouts;
        _info = info;
    }

    /// <summary>The payload of the current chunk, valid until the next call to <see cref="MoveNextChunkAsync"/>.</summary>
    public ReadOnlyMemory<byte> CurrentChunk { get; private set; }

    public long PayloadBytes { get; private set; }

    public long Chunks { get; private set; }

    /// <summary>Event-stream bytes received, a message still arriving included.</summary>
    public long BodyBytes => _reader.BytesReceived;

    public InvokeCompleteEvent? Completion { get; private set; }

    /// <summary>Moves to the next non-empty payload chunk.</summary>
    /// <param name="cancellationToken">The caller's token, already linked with the stream's timeouts.</param>
    /// <returns><see langword="false"/> after a successful <c>InvokeComplete</c>.</returns>
    // Pooled: this method waits for the network once per socket read, and a fresh state-machine box each time was
    // most of what a steady stream allocated (docs/benchmarks.md, replay).
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<bool> MoveNextChunkAsync(CancellationToken cancellationToken)
    {
        CurrentChunk = default;
        if (_completed)
        {
            return false;
        }

        while (true)
        {
            // Restarted here as well as on every read (IdleClockStream): the time the caller spent on the previous
            // chunk is not silence from the function, and must not count against the idle limit.
            _timeouts.RestartIdleClock();
            bool hasMessage;
            try
            {
                hasMessage = await _reader.MoveNextAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (IOException exception)
            {
                // The connection broke before InvokeComplete: what arrived is all there is.
                throw Truncated(exception);
            }
            catch (EventStreamFormatException exception) when (exception.Reason == EventStreamFormatError.TruncatedMessage)
            {
                // A body that stops inside a message is a cut-off stream, like one that stops between messages; the
                // codec's error (with the offset of the partial message) stays attached as the cause.
                throw Truncated(exception);
            }

            if (!hasMessage)
            {
                throw Truncated(null);
            }

            EventStreamMessageView message = _reader.Current;
            if (!message.TryGetStringHeader(":message-type"u8, out ReadOnlySpan<byte> messageType))
            {
                throw new LambdaStreamErrorException(_info.FunctionName, LambdaStreamErrorKind.Unrecognized, "(no :message-type)", $"The message at byte offset {message.Offset} has no :message-type header.", _info.RequestId);
            }

            if (messageType.SequenceEqual("event"u8))
            {
                if (!message.TryGetStringHeader(":event-type"u8, out ReadOnlySpan<byte> eventType))
                {
                    throw new LambdaStreamErrorException(_info.FunctionName, LambdaStreamErrorKind.Unrecognized, "(no :event-type)", $"The event at byte offset {message.Offset} has no :event-type header.", _info.RequestId);
                }

                if (eventType.SequenceEqual("PayloadChunk"u8))
                {
                    ReadOnlyMemory<byte> payload = message.Payload;
                    if (payload.IsEmpty)
                    {
                        continue;
                    }

                    CurrentChunk = payload;
                    PayloadBytes += payload.Length;
                    Chunks++;
                    return true;
                }

                if (eventType.SequenceEqual("InvokeComplete"u8))
                {
                    Complete(message.Payload.Span);
                    return false;
                }

                // docs/protocol.md §2.2: unknown event types are skipped for forward compatibility.
                continue;
            }

            if (messageType.SequenceEqual("exception"u8))
            {
                string type = message.TryGetStringHeader(":exception-type"u8, out ReadOnlySpan<byte> exceptionType) ? Encoding.UTF8.GetString(exceptionType) : "(no :exception-type)";
                throw new LambdaStreamErrorException(_info.FunctionName, LambdaStreamErrorKind.Exception, type, ReadExceptionMessage(message.Payload.Span), _info.RequestId);
            }

            if (messageType.SequenceEqual("error"u8))
            {
                string code = message.TryGetStringHeader(":error-code"u8, out ReadOnlySpan<byte> errorCode) ? Encoding.UTF8.GetString(errorCode) : "(no :error-code)";
                string text = message.TryGetStringHeader(":error-message"u8, out ReadOnlySpan<byte> errorMessage) ? Encoding.UTF8.GetString(errorMessage) : "(no :error-message)";
                throw new LambdaStreamErrorException(_info.FunctionName, LambdaStreamErrorKind.Error, code, text, _info.RequestId);
            }

            throw new LambdaStreamErrorException(_info.FunctionName, LambdaStreamErrorKind.Unrecognized, Encoding.UTF8.GetString(messageType), $"The message at byte offset {message.Offset} has an unknown :message-type.", _info.RequestId);
        }
    }

    public ValueTask DisposeAsync() => _reader.DisposeAsync();

    private void Complete(ReadOnlySpan<byte> json)
    {
        _completed = true;
        try
        {
            Completion = InvokeCompleteEvent.Parse(json);
        }
        catch (JsonException exception)
        {
            throw new LambdaStreamErrorException(_info.FunctionName, LambdaStreamErrorKind.Unrecognized, "InvokeComplete", $"The InvokeComplete event is not JSON: {exception.Message}", _info.RequestId);
        }

        // docs/protocol.md §5, pitfall 1: a function error arrives only here, after the data; it is thrown, never dropped.
        if (Completion.ErrorCode is { } errorCode)
        {
            throw FunctionError(errorCode, Completion);
        }
    }

    private LambdaFunctionException FunctionError(string errorCode, InvokeCompleteEvent completion)
    {
        string? type = null;
        string? text = null;
        var stackTrace = new List<string>();
        if (completion.ErrorDetails is { } details)
        {
            try
            {
                using JsonDocument document = JsonDocument.Parse(details);
                if (document.RootElement.ValueKind == JsonValueKind.Object)
                {
                    type = GetString(document.RootElement, "errorType");
                    text = GetString(document.RootElement, "errorMessage");
                    if (document.RootElement.TryGetProperty("stackTrace", out JsonElement trace) && trace.ValueKind == JsonValueKind.Array)
                    {
                        stackTrace.AddRange(trace.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!));
                    }
                }
            }
            catch (JsonException)
            {
                // ErrorDetails is free text for some runtimes; it stays available raw.
            }
        }

        return new LambdaFunctionException(_info.FunctionName, errorCode, completion.ErrorDetails, type, text, stackTrace, completion.DecodedLogResult, _info.RequestId, _info.ExecutedVersion);
    }

    private LambdaStreamTruncatedException Truncated(Exception? cause) =>
        new(_info.FunctionName, PayloadBytes, Chunks, BodyBytes, _info.RequestId, cause);

    private static string ReadExceptionMessage(ReadOnlySpan<byte> body)
    {
        if (!System.Text.Unicode.Utf8.IsValid(body))
        {
            // Not JSON the reader could turn into text; the lossy decoding still shows what was sent.
            return Encoding.UTF8.GetString(body);
        }

        try
        {
            var reader = new Utf8JsonReader(body);
            using JsonDocument document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && (GetString(document.RootElement, "message") ?? GetString(document.RootElement, "Message")) is { } message)
            {
                return message;
            }
        }
        catch (JsonException)
        {
        }

        return Encoding.UTF8.GetString(body);
    }

    private static string? GetString(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

/// <summary>What the event layer needs to know about the invocation for its messages.</summary>
internal sealed record InvocationInfo(string FunctionName, string? RequestId, string? ExecutedVersion);
