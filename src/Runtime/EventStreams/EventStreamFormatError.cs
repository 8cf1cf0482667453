namespace LambdaStreamGen.EventStreams;

/// <summary>Which check of the event-stream format failed (docs/protocol.md §3, in the order the reader applies them).</summary>
public enum EventStreamFormatError
{
    /// <summary>The CRC-32 of the 8 prelude bytes differs from the prelude checksum.</summary>
    PreludeChecksumMismatch,

    /// <summary>The total length is below the 16-byte minimum (prelude and message checksum).</summary>
    MessageTooShort,

    /// <summary>The total length is above the reader's maximum message size.</summary>
    MessageTooLarge,

    /// <summary>The headers length does not fit inside the message.</summary>
    HeadersLengthOutOfRange,

    /// <summary>The CRC-32 of the message differs from the message checksum.</summary>
    MessageChecksumMismatch,

    /// <summary>A header name is empty or runs past the end of the headers section.</summary>
    InvalidHeaderName,

    /// <summary>A header type byte is not one of the ten defined types.</summary>
    UnknownHeaderType,

    /// <summary>A header value runs past the end of the headers section.</summary>
    HeaderValueOutOfRange,

    /// <summary>A header name or string value is not valid UTF-8.</summary>
    InvalidUtf8,

    /// <summary>The input ended in the middle of a message.</summary>
    TruncatedMessage,
}
