using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.Unicode;

namespace LambdaStreamGen.Decoding;

/// <summary>
/// A streamed JSON array (<c>[ {...}, {...} ]</c>) → its elements, each yielded as soon as it is complete. Only the
/// element being read is buffered; an array that ends early or has content after it is an error.
/// </summary>
public static class JsonArrayDecoder
{
    private const string Format = "JSON array";

    /// <summary>Decodes the elements of a JSON array from a sequence of payload chunks.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="chunks">The payload, in chunks of any size.</param>
    /// <param name="typeInfo">The element type's JSON metadata.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The elements, in order.</returns>
    /// <exception cref="LambdaPayloadFormatException">The payload is not one JSON array of <typeparamref name="T"/>; it names the element and its byte offset.</exception>
    public static async IAsyncEnumerable<T> DecodeAsync<T>(IAsyncEnumerable<ReadOnlyMemory<byte>> chunks, JsonTypeInfo<T> typeInfo, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        ArgumentNullException.ThrowIfNull(typeInfo);
        using var state = new ArrayReadState();
        var ready = new List<T>();
        await foreach (ReadOnlyMemory<byte> chunk in chunks.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            state.Append(chunk.Span);
            state.ReadElements(ready, typeInfo, isFinalBlock: false);
            foreach (T element in ready)
            {
                yield return element;
            }

            ready.Clear();
        }

        state.ReadElements(ready, typeInfo, isFinalBlock: true);
        foreach (T element in ready)
        {
            yield return element;
        }
    }

    /// <summary>The bytes not yet consumed and where the reader stands; a class so that spans can be used synchronously.</summary>
    private sealed class ArrayReadState : IDisposable
    {
        private byte[] _buffer = ArrayPool<byte>.Shared.Rent(4096);
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

        public void Append(ReadOnlySpan<byte> bytes)
        {
            if (_buffer.Length - _end < bytes.Length)
            {
                // Drop what was consumed; grow only when one element needs more room.
                int live = _end - _start;
                byte[] target = live + bytes.Length <= _buffer.Length ? _buffer : ArrayPool<byte>.Shared.Rent(Math.Max(live + bytes.Length, _buffer.Length * 2));
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

            bytes.CopyTo(_buffer.AsSpan(_end));
            _end += bytes.Length;
        }

        public void ReadElements<T>(List<T> ready, JsonTypeInfo<T> typeInfo, bool isFinalBlock)
        {
            try
            {
                ReadElementsCore(ready, typeInfo, isFinalBlock);
            }
            catch (JsonException exception)
            {
                throw Error(exception.Message, exception);
            }
        }

        public void Dispose() => ArrayPool<byte>.Shared.Return(_buffer);

        private void ReadElementsCore<T>(List<T> ready, JsonTypeInfo<T> typeInfo, bool isFinalBlock)
        {
            while (true)
            {
                ReadOnlySpan<byte> pending = _buffer.AsSpan(_start, _end - _start);
                var reader = new Utf8JsonReader(pending, isFinalBlock, _reader);
                switch (_phase)
                {
                    case Phase.BeforeArray:
                        if (!reader.Read())
                        {
                            ThrowIfEnded(isFinalBlock, "the payload ended before the array started.");
                            return;
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
                            return;
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
                            return;
                        }

                        ReadOnlySpan<byte> element = pending[elementStart..(int)reader.BytesConsumed];

                        // As for JSON lines: strings are not checked for UTF-8 until read as text, so check here.
                        if (!Utf8.IsValid(element))
                        {
                            throw Error("the element is not valid UTF-8.", null);
                        }

                        _elementNumber++;
                        ready.Add(JsonSerializer.Deserialize(element, typeInfo)!);
                        break;

                    default:
                        if (reader.Read())
                        {
                            throw Error($"found {reader.TokenType} after the end of the array.", null);
                        }

                        _start += (int)reader.BytesConsumed;
                        return;
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
            new(Format, _elementNumber + 1, _bufferOffset + _start, LineSplitter.Excerpt(_buffer.AsSpan(_start, _end - _start)), problem, inner);
    }
}
