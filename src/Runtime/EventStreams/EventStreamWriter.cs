using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.IO.Pipelines;

namespace LambdaStreamGen.EventStreams;

/// <summary>
/// Encodes <c>application/vnd.amazon.eventstream</c> messages, computing the prelude and message checksums
/// (docs/protocol.md §3).
/// </summary>
/// <remarks>
/// The writer refuses what some decoders reject: an empty header name, a name over 255 UTF-8 bytes, an empty
/// byte-array or string value, or a value over 65,535 bytes all throw <see cref="ArgumentException"/> before
/// anything is written. Written to a stream, the payload goes out straight from the caller's memory; written to a buffer
/// writer or pipe, a message of up to 16 MiB is encoded as one contiguous block, so the output sees it whole. A writer
/// is not thread-safe.
/// </remarks>
public sealed class EventStreamWriter
{
    private readonly Stream? _stream;
    private readonly PipeWriter? _pipe;

    /// <summary>Creates a writer that writes each message to a stream.</summary>
    /// <param name="stream">The output; not disposed by the writer.</param>
    public EventStreamWriter(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
    }

    /// <summary>Creates a writer that writes each message to a pipe and flushes it.</summary>
    /// <param name="writer">The output; not completed by the writer.</param>
    public EventStreamWriter(PipeWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _pipe = writer;
    }

    /// <summary>Writes one message and flushes it.</summary>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the message has been handed to the output.</returns>
    /// <exception cref="ArgumentException">A header cannot be encoded (see the remarks on <see cref="EventStreamWriter"/>).</exception>
    public ValueTask WriteAsync(EventStreamMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return WriteAsync(message.Headers, message.Payload, cancellationToken);
    }

    /// <summary>Writes one message from its parts and flushes it.</summary>
    /// <param name="headers">The headers, in the order they are written.</param>
    /// <param name="payload">The payload.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the message has been handed to the output.</returns>
    /// <exception cref="ArgumentException">A header cannot be encoded, or the message would exceed 4 GiB.</exception>
    public async ValueTask WriteAsync(IReadOnlyList<EventStreamHeader> headers, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(headers);
        if (_pipe is not null)
        {
            Write(_pipe, headers, payload.Span);
            FlushResult result = await _pipe.FlushAsync(cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            if (result.IsCanceled)
            {
                throw new OperationCanceledException("The flush of the event-stream message was cancelled.");
            }

            return;
        }

        // Stream: the prelude and headers go out of a pooled buffer, the payload straight from the caller's memory.
        int headersLength = EventStreamHeaderCodec.GetEncodedLength(headers);
        int totalLength = GetTotalLength(headersLength, payload.Length);
        int frontLength = EventStreamFraming.PreludeLength + headersLength;
        byte[] front = ArrayPool<byte>.Shared.Rent(Math.Max(frontLength, EventStreamFraming.MessageCrcLength));
        try
        {
            EventStreamFraming.WritePrelude(front, totalLength, headersLength);
            EventStreamHeaderCodec.Write(front.AsSpan(EventStreamFraming.PreludeLength, headersLength), headers);
            uint messageCrc = ComputeMessageCrc(front.AsSpan(0, frontLength), payload.Span);
            await _stream!.WriteAsync(front.AsMemory(0, frontLength), cancellationToken).ConfigureAwait(false);
            if (!payload.IsEmpty)
            {
                await _stream.WriteAsync(payload, cancellationToken).ConfigureAwait(false);
            }

            BinaryPrimitives.WriteUInt32BigEndian(front, messageCrc);
            await _stream.WriteAsync(front.AsMemory(0, EventStreamFraming.MessageCrcLength), cancellationToken).ConfigureAwait(false);
            await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(front);
        }
    }

    /// <summary>Encodes one message into a buffer writer, synchronously.</summary>
    /// <param name="destination">The output, for example an <see cref="ArrayBufferWriter{T}"/> or a <see cref="PipeWriter"/> (not flushed).</param>
    /// <param name="message">The message.</param>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="ArgumentException">A header cannot be encoded.</exception>
    public static int Write(IBufferWriter<byte> destination, EventStreamMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Write(destination, message.Headers, message.Payload.Span);
    }

    /// <summary>Encodes one message from its parts into a buffer writer, synchronously.</summary>
    /// <param name="destination">The output, for example an <see cref="ArrayBufferWriter{T}"/> or a <see cref="PipeWriter"/> (not flushed).</param>
    /// <param name="headers">The headers, in the order they are written.</param>
    /// <param name="payload">The payload.</param>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="ArgumentException">A header cannot be encoded, or the message would exceed 4 GiB.</exception>
    public static int Write(IBufferWriter<byte> destination, IReadOnlyList<EventStreamHeader> headers, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(headers);
        int headersLength = EventStreamHeaderCodec.GetEncodedLength(headers);
        int totalLength = GetTotalLength(headersLength, payload.Length);
        int frontLength = EventStreamFraming.PreludeLength + headersLength;
        if (totalLength <= ContiguousLimit)
        {
            // One span, one Advance: the destination sees the message whole, and a pipe passes it on as one block
            // rather than one per 4 KiB segment (Kestrel, for one, sends every block as its own HTTP chunk). The CRC
            // then runs once over contiguous bytes.
            Span<byte> whole = destination.GetSpan(totalLength).Slice(0, totalLength);
            EventStreamFraming.WritePrelude(whole, totalLength, headersLength);
            EventStreamHeaderCodec.Write(whole.Slice(EventStreamFraming.PreludeLength, headersLength), headers);
            payload.CopyTo(whole.Slice(frontLength));
            int crcOffset = totalLength - EventStreamFraming.MessageCrcLength;
            BinaryPrimitives.WriteUInt32BigEndian(whole.Slice(crcOffset), EventStreamCrc.Compute(whole.Slice(0, crcOffset)));
            destination.Advance(totalLength);
            return totalLength;
        }

        Span<byte> front = destination.GetSpan(frontLength).Slice(0, frontLength);
        EventStreamFraming.WritePrelude(front, totalLength, headersLength);
        EventStreamHeaderCodec.Write(front.Slice(EventStreamFraming.PreludeLength), headers);
        uint messageCrc = ComputeMessageCrc(front, payload);
        destination.Advance(frontLength);
        destination.Write(payload);

        Span<byte> trailer = destination.GetSpan(EventStreamFraming.MessageCrcLength);
        BinaryPrimitives.WriteUInt32BigEndian(trailer, messageCrc);
        destination.Advance(EventStreamFraming.MessageCrcLength);
        return totalLength;
    }

    /// <summary>The number of bytes a message takes on the wire.</summary>
    /// <param name="message">The message.</param>
    /// <returns>The total length, prelude and checksum included.</returns>
    /// <exception cref="ArgumentException">A header cannot be encoded.</exception>
    public static int GetEncodedLength(EventStreamMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return GetTotalLength(EventStreamHeaderCodec.GetEncodedLength(message.Headers), message.Payload.Length);
    }

    // The message CRC runs over the prelude, headers and payload, which sit in two separate buffers. One incremental
    // hasher per thread avoids allocating a new one for every message.
    private static uint ComputeMessageCrc(ReadOnlySpan<byte> front, ReadOnlySpan<byte> payload)
    {
        Crc32 crc = t_crc ??= new Crc32();
        crc.Reset();
        crc.Append(front);
        crc.Append(payload);
        return crc.GetCurrentHashAsUInt32();
    }

    [ThreadStatic]
    private static Crc32? t_crc;

    // Messages up to this size (Lambda's largest payload chunk and its headers fit) are written as one block; a larger
    // one goes through the destination piecewise rather than making it allocate a buffer of that size.
    internal const int ContiguousLimit = 16 * 1024 * 1024 + 64 * 1024;

    private static int GetTotalLength(int headersLength, int payloadLength)
    {
        long total = (long)EventStreamFraming.MinimumMessageLength + headersLength + payloadLength;
        if (total > int.MaxValue)
        {
            throw new ArgumentException($"A message of {total} bytes is too large to encode.", nameof(payloadLength));
        }

        return (int)total;
    }
}
