namespace LambdaStreamGen;

/// <summary>
/// The payload does not have the format it was read as: a JSON line that is not valid JSON for the record type, a
/// text line that is not UTF-8, a malformed JSON array or event, or a record longer than the configured
/// <see cref="LambdaStreamingClientOptions.MaxRecordBytes"/>. Every complete record before it was handed out.
/// </summary>
public sealed class LambdaPayloadFormatException : LambdaStreamingException
{
    internal LambdaPayloadFormatException(StreamFormat format, long recordNumber, long byteOffset, string excerpt, string problem, Exception? innerException = null)
        : base($"The payload is not valid {Describe(format)} at {RecordWord(format)} {recordNumber} (payload byte offset {byteOffset}): {problem} It starts: \"{excerpt}\"", innerException)
    {
        Format = format;
        RecordNumber = recordNumber;
        ByteOffset = byteOffset;
        Excerpt = excerpt;
    }

    /// <summary>The format the payload was read as.</summary>
    public StreamFormat Format { get; }

    /// <summary>
    /// The 1-based number of the offending record: the line of JSON lines and text lines, the element of a JSON array,
    /// the event of server-sent events; 1 for the HTTP-integration prelude.
    /// </summary>
    public long RecordNumber { get; }

    /// <summary>The offset, in payload bytes, of the start of the offending record.</summary>
    public long ByteOffset { get; }

    /// <summary>The first characters of the offending record.</summary>
    public string Excerpt { get; }

    internal static string Describe(StreamFormat format) => format switch
    {
        StreamFormat.JsonLines => "JSON lines",
        StreamFormat.JsonArray => "JSON array",
        StreamFormat.TextLines => "UTF-8 text lines",
        StreamFormat.ServerSentEvents => "server-sent events",
        StreamFormat.HttpIntegrationPrelude => "HTTP-integration prelude",
        _ => format.ToString(),
    };

    private static string RecordWord(StreamFormat format) => format switch
    {
        StreamFormat.JsonArray => "element",
        StreamFormat.ServerSentEvents => "event",
        StreamFormat.HttpIntegrationPrelude => "record",
        _ => "line",
    };
}
