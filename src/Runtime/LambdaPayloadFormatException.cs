namespace LambdaStreamGen;

/// <summary>
/// The payload does not have the format it was read as: a JSON line that is not valid JSON for the record type, a
/// text line that is not UTF-8, a malformed JSON array or event. Records before it were handed out.
/// </summary>
public sealed class LambdaPayloadFormatException : LambdaStreamingException
{
    internal LambdaPayloadFormatException(string format, long lineNumber, long byteOffset, string excerpt, string problem, Exception? innerException = null)
        : base($"The payload is not valid {format} at line {lineNumber} (payload byte offset {byteOffset}): {problem} Line starts: \"{excerpt}\"", innerException)
    {
        Format = format;
        LineNumber = lineNumber;
        ByteOffset = byteOffset;
        Excerpt = excerpt;
    }

    /// <summary>The format the payload was read as, for example <c>JSON lines</c>.</summary>
    public string Format { get; }

    /// <summary>The 1-based line (or record) number of the defect.</summary>
    public long LineNumber { get; }

    /// <summary>The offset, in payload bytes, of the start of the offending line or record.</summary>
    public long ByteOffset { get; }

    /// <summary>The first characters of the offending line or record.</summary>
    public string Excerpt { get; }
}
