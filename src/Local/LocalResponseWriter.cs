using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace LambdaStreamGen.Local;

/// <summary>
/// Writes a hosted function's streamed response. Writes collect in a buffer; <see cref="FlushAsync"/> sends what is
/// buffered as one <c>PayloadChunk</c> and returns only once it has been handed to the socket, so a flushed chunk
/// reaches the caller before the function continues. A buffer that would grow past
/// <see cref="LocalLambdaServerOptions.MaxChunkSize"/> is sent as chunks of that size: the emulator never holds a
/// whole response.
/// </summary>
/// <remarks>Not thread-safe: one function writes its own response.</remarks>
public sealed class LocalResponseWriter
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ResponseEventStream _events;
    private readonly int _maxChunkSize;
    private readonly ArrayBufferWriter<byte> _pending;
    private Utf8JsonWriter? _jsonWriter;

    internal LocalResponseWriter(ResponseEventStream events, int maxChunkSize)
    {
        _events = events;
        _maxChunkSize = maxChunkSize;
        _pending = new ArrayBufferWriter<byte>(Math.Min(maxChunkSize, 4096));
    }

    /// <summary>Payload bytes written by the function so far (sent or buffered).</summary>
    public long BytesWritten { get; private set; }

    /// <summary>Buffers bytes; sends full chunks as the buffer reaches the maximum chunk size.</summary>
    /// <param name="data">The bytes.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the bytes are buffered or sent.</returns>
    /// <exception cref="LocalStreamStoppedException">The stream can take no more (see its message).</exception>
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        BytesWritten += data.Length;
        while (_pending.WrittenCount + data.Length > _maxChunkSize || (_pending.WrittenCount == 0 && data.Length == _maxChunkSize))
        {
            if (_pending.WrittenCount == 0)
            {
                // Nothing buffered: send a full chunk straight from the caller's memory.
                await _events.SendPayloadChunkAsync(data[.._maxChunkSize], cancellationToken).ConfigureAwait(false);
                data = data[_maxChunkSize..];
                if (data.IsEmpty)
                {
                    break;
                }
            }
            else
            {
                int room = _maxChunkSize - _pending.WrittenCount;
                _pending.Write(data.Span[..room]);
                data = data[room..];
                await FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        _pending.Write(data.Span);
    }

    /// <summary>Buffers a line of UTF-8 text followed by <c>\n</c>.</summary>
    /// <param name="line">The text, without a line break.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the line is buffered or sent.</returns>
    public ValueTask WriteLineAsync(string line, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(line);
        byte[] bytes = new byte[Utf8.GetByteCount(line) + 1];
        Utf8.GetBytes(line, bytes);
        bytes[^1] = (byte)'\n';
        return WriteAsync(bytes, cancellationToken);
    }

    /// <summary>Buffers one JSON value followed by <c>\n</c> (a JSON line).</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="value">The value.</param>
    /// <param name="typeInfo">The type's JSON metadata (from a <c>JsonSerializerContext</c>).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the line is buffered or sent.</returns>
    public ValueTask WriteJsonLineAsync<T>(T value, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        var line = new ArrayBufferWriter<byte>(256);
        if (_jsonWriter is null)
        {
            _jsonWriter = new Utf8JsonWriter(line);
        }
        else
        {
            _jsonWriter.Reset(line);
        }

        JsonSerializer.Serialize(_jsonWriter, value, typeInfo);
        _jsonWriter.Flush();
        line.Write("\n"u8);
        return WriteAsync(line.WrittenMemory, cancellationToken);
    }

    /// <summary>Sends what is buffered as one <c>PayloadChunk</c> and waits until it is handed to the socket.</summary>
    /// <param name="cancellationToken">Cancels the flush.</param>
    /// <returns>A task that completes when the chunk is sent.</returns>
    /// <exception cref="LocalStreamStoppedException">The stream can take no more (see its message).</exception>
    public async ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        if (_pending.WrittenCount == 0)
        {
            return;
        }

        await _events.SendPayloadChunkAsync(_pending.WrittenMemory, cancellationToken).ConfigureAwait(false);
        _pending.ResetWrittenCount();
    }
}
