using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.Unicode;

namespace LambdaStreamGen.Decoding;

/// <summary>
/// A streamed JSON array (<c>[ {...}, {...} ]</c>) → its elements, each yielded as soon as it is complete. Only the
/// element being read is buffered; an array that ends early or has content after it is an error, raised after every
/// element before the defect was handed out.
/// </summary>
public static class JsonArrayDecoder
{
    /// <summary>Decodes the elements of a JSON array from a sequence of payload chunks, with elements of up to 16 MiB.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="chunks">The payload, in chunks of any size.</param>
    /// <param name="typeInfo">The element type's JSON metadata.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The elements, in order.</returns>
    /// <exception cref="LambdaPayloadFormatException">The payload is not one JSON array of <typeparamref name="T"/>, or an element is longer than 16 MiB; it names the element and its byte offset.</exception>
    public static IAsyncEnumerable<T> DecodeAsync<T>(IAsyncEnumerable<ReadOnlyMemory<byte>> chunks, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default) =>
        DecodeAsync(chunks, typeInfo, RecordLimit.Default, cancellationToken);

    /// <summary>Decodes the elements of a JSON array from a sequence of payload chunks.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="chunks">The payload, in chunks of any size.</param>
    /// <param name="typeInfo">The element type's JSON metadata.</param>
    /// <param name="maxRecordBytes">The longest element accepted (with the separators before it); a longer one is an error, found before it is buffered.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The elements, in order.</returns>
    /// <exception cref="LambdaPayloadFormatException">The payload is not one JSON array of <typeparamref name="T"/>, or an element is longer than <paramref name="maxRecordBytes"/>; it names the element and its byte offset.</exception>
    public static IAsyncEnumerable<T> DecodeAsync<T>(IAsyncEnumerable<ReadOnlyMemory<byte>> chunks, JsonTypeInfo<T> typeInfo, int maxRecordBytes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        ArgumentNullException.ThrowIfNull(typeInfo);
        RecordLimit.Validate(maxRecordBytes, nameof(maxRecordBytes));
        return DecodeCoreAsync(chunks, typeInfo, maxRecordBytes, cancellationToken);
    }

    private static async IAsyncEnumerable<T> DecodeCoreAsync<T>(IAsyncEnumerable<ReadOnlyMemory<byte>> chunks, JsonTypeInfo<T> typeInfo, int maxRecordBytes, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var state = new ArrayReadState(maxRecordBytes);
        await foreach (ReadOnlyMemory<byte> chunk in chunks.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            // The chunk goes in piece by piece, no more at a time than the buffer may hold, so that the elements of
            // a large chunk are handed out one by one and an endless element fails at the limit, not at the chunk.
            ReadOnlyMemory<byte> rest = chunk;
            while (!rest.IsEmpty)
            {
                rest = rest[state.Append(rest.Span)..];
                while (state.TryReadElement(typeInfo, isFinalBlock: false, out T element))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    yield return element;
                }

                state.ThrowIfFull();
            }
        }

        while (state.TryReadElement(typeInfo, isFinalBlock: true, out T element))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return element;
        }
    }

    private static ReadOnlySpan<byte> ByteOrderMark => [0xEF, 0xBB, 0xBF];

    /// <summary>The bytes not yet consumed and where the reader stands; a class so that spans can be used synchronously.</summary>
    private sealed class ArrayReadState(int maxRecordBytes) : IDisposable
    {
        private byte[] _buffer = ArrayPool<byte>.Shared.Rent(Math.Min(4096, maxRecordBytes));
        private int _start;
        private int _end;
        private long _bufferOffset;
        private JsonReaderState _reader;
        private Phase _phase;
        private long _elementNumber;

        private enum Phase
        {
            BeforeArray,
            InArray,
            AfterArray,
        }

        /// <summary>Copies as much of <paramref name="bytes"/> as the limit allows; returns how many bytes were taken.</summary>
        public int Append(ReadOnlySpan<byte> bytes)
        {
            int live = _end - _start;
            int take = Math.Min(bytes.Length, maxRecordBytes - live);
            if (_buffer.Length - _end < take)
            {
                // Drop what was consumed; grow only when one element needs more room, never past the limit.
                byte[] target = live + take <= _buffer.Length
                    ? _buffer
                    : ArrayPool<byte>.Shared.Rent((int)Math.Min(Math.Max(live + take, _buffer.Length * 2L), maxRecordBytes));
                _buffer.AsSpan(_start, live).CopyTo(target);
                if (!ReferenceEquals(target, _buffer))
                {
                    ArrayPool<byte>.Shared.Return(_buffer);
                    _buffer = target;
                }

                _bufferOffset += _start;
                _start = 0;
                _end = live;
            }

            bytes[..take].CopyTo(_buffer.AsSpan(_end));
            _end += take;
            return take;
        }

        /// <summary>Throws when the buffer holds the limit's worth of one unfinished element.</summary>
        public void ThrowIfFull()
        {
            if (_end - _start >= maxRecordBytes)
            {
                throw Error(RecordLimit.Exceeded(maxRecordBytes, "element"), null);
            }
        }

        /// <summary>Reads the next complete element, if the buffer holds one; throws on malformed JSON.</summary>
        public bool TryReadElement<T>(JsonTypeInfo<T> typeInfo, bool isFinalBlock, out T element)
        {
            try
            {
                return TryReadElementCore(typeInfo, isFinalBlock, out element);
            }
            catch (JsonException exception)
            {
                throw Error(exception.Message, exception);
            }
        }

        public void Dispose() => ArrayPool<byte>.Shared.Return(_buffer);

        private bool TryReadElementCore<T>(JsonTypeInfo<T> typeInfo, bool isFinalBlock, out T element)
        {
            element = default!;
            while (true)
            {
                ReadOnlySpan<byte> pending = _buffer.AsSpan(_start, _end - _start);
                var reader = new Utf8JsonReader(pending, isFinalBlock, _reader);
                switch (_phase)
                {
                    case Phase.BeforeArray:
                        // One UTF-8 byte-order mark at the start of the payload is skipped, as System.Text.Json's
                        // stream readers skip it; until three bytes are in, a partial mark waits for the rest.
                        if (_bufferOffset + _start == 0 && pending.Length > 0 && ByteOrderMark.StartsWith(pending[..Math.Min(pending.Length, ByteOrderMark.Length)]))
                        {
                            if (pending.Length >= ByteOrderMark.Length)
                            {
                                _start += ByteOrderMark.Length;
                                continue;
                            }

                            if (!isFinalBlock)
                            {
                                return false;
                            }
                        }

                        if (!reader.Read())
                        {
                            ThrowIfEnded(isFinalBlock, "the payload ended before the array started.");
                            return false;
                        }

                        if (reader.TokenType != JsonTokenType.StartArray)
                        {
                            throw Error($"expected '[' but found {reader.TokenType}.", null);
                        }

                        _phase = Phase.InArray;
                        break;

                    case Phase.InArray:
                        if (!reader.Read())
                        {
                            ThrowIfEnded(isFinalBlock, $"the payload ended inside the array, after {_elementNumber} elements.");
                            return false;
                        }

                        if (reader.TokenType == JsonTokenType.EndArray)
                        {
                            _phase = Phase.AfterArray;
                            break;
                        }

                        int elementStart = (int)reader.TokenStartIndex;
                        if (!reader.TrySkip())
                        {
                            ThrowIfEnded(isFinalBlock, $"the payload ended inside element {_elementNumber + 1}.");
                            return false;
                        }

                        // Errors about this element point at its first byte, not at the separator before it.
                        _start += elementStart;
                        ReadOnlySpan<byte> bytes = pending[elementStart..(int)reader.BytesConsumed];

                        // As for JSON lines: strings are not checked for UTF-8 until read as text, so check here.
                        if (!Utf8.IsValid(bytes))
                        {
                            throw Error("the element is not valid UTF-8.", null);
                        }

                        element = JsonSerializer.Deserialize(bytes, typeInfo)!;

                        _elementNumber++;
                        _start += (int)reader.BytesConsumed - elementStart;
                        _reader = reader.CurrentState;
                        return true;

                    default:
                        if (reader.Read())
                        {
                            throw Error($"found {reader.TokenType} after the end of the array.", null);
                        }

                        _start += (int)reader.BytesConsumed;
                        return false;
                }

                _start += (int)reader.BytesConsumed;
                _reader = reader.CurrentState;
            }
        }

        private void ThrowIfEnded(bool isFinalBlock, string problem)
        {
            if (isFinalBlock)
            {
                throw Error(problem, null);
            }
        }

        private LambdaPayloadFormatException Error(string problem, Exception? inner) =>
            new(StreamFormat.JsonArray, _elementNumber + 1, _bufferOffset + _start, LineSplitter.Excerpt(_buffer.AsSpan(_start, _end - _start)), problem, inner);
    }
}
