namespace LambdaStreamGen.EventStreams;

/// <summary>
/// The wire type of an event-stream header value. The numeric values are the type bytes on the wire
/// (docs/protocol.md §3); the set is closed, so any other byte is a format error.
/// </summary>
public enum EventStreamHeaderType : byte
{
    /// <summary>Boolean <see langword="true"/>; no value bytes.</summary>
    BoolTrue = 0,

    /// <summary>Boolean <see langword="false"/>; no value bytes.</summary>
    BoolFalse = 1,

    /// <summary>A signed 8-bit integer.</summary>
    Byte = 2,

    /// <summary>A signed 16-bit big-endian integer.</summary>
    Int16 = 3,

    /// <summary>A signed 32-bit big-endian integer.</summary>
    Int32 = 4,

    /// <summary>A signed 64-bit big-endian integer.</summary>
    Int64 = 5,

    /// <summary>Bytes with an unsigned 16-bit big-endian length prefix.</summary>
    ByteArray = 6,

    /// <summary>UTF-8 text with an unsigned 16-bit big-endian length prefix.</summary>
    String = 7,

    /// <summary>A signed 64-bit big-endian count of milliseconds since the Unix epoch.</summary>
    Timestamp = 8,

    /// <summary>A UUID as 16 raw bytes in RFC 9562 (big-endian) order.</summary>
    Uuid = 9,
}
