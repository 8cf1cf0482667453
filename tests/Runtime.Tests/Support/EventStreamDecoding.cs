using System.IO.Pipelines;
using LambdaStreamGen.EventStreams;

namespace LambdaStreamGen.Tests.Support;

/// <summary>How the bytes under test reach the reader.</summary>
public enum InputShape
{
    /// <summary>A stream that returns at most N bytes per read: input arriving bit by bit.</summary>
    StreamReads,

    /// <summary>A pipe over a sequence of N-byte segments: messages straddling buffer boundaries.</summary>
    PipeSegments,
}

internal static class EventStreamDecoding
{
    public static EventStreamReader CreateReader(byte[] data, int chunkSize, InputShape shape, EventStreamReaderOptions? options = null) => shape switch
    {
        InputShape.StreamReads => new EventStreamReader(new ChunkedReadStream(data, chunkSize), options),
        _ => new EventStreamReader(PipeReader.Create(SegmentedSequence.Create(data, chunkSize)), options),
    };

    public static async Task<List<EventStreamMessage>> DecodeAllAsync(byte[] data, int chunkSize, InputShape shape, EventStreamReaderOptions? options = null)
    {
        await using EventStreamReader reader = CreateReader(data, chunkSize, shape, options);
        var messages = new List<EventStreamMessage>();
        await foreach (EventStreamMessage message in reader.ReadAllAsync())
        {
            messages.Add(message);
        }

        return messages;
    }
}
