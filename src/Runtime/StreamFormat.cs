namespace LambdaStreamGen;

/// <summary>How a generated method reads its function's streamed payload.</summary>
public enum StreamFormat
{
    /// <summary>Newline-delimited JSON records; the default for <c>IAsyncEnumerable&lt;T&gt;</c>.</summary>
    JsonLines,

    /// <summary>One streamed JSON array whose elements are the items.</summary>
    JsonArray,

    /// <summary>UTF-8 text lines; the default for <c>IAsyncEnumerable&lt;string&gt;</c>.</summary>
    TextLines,

    /// <summary>Server-sent events; the only format for <c>IAsyncEnumerable&lt;ServerSentEvent&gt;</c>.</summary>
    ServerSentEvents,

    /// <summary>Raw chunks; the default for <c>IAsyncEnumerable&lt;ReadOnlyMemory&lt;byte&gt;&gt;</c> and <c>IAsyncEnumerable&lt;byte[]&gt;</c>.</summary>
    Bytes,

    /// <summary>
    /// The HTTP-integration prelude that precedes the body of a function-URL style response
    /// (<see cref="LambdaResponseStream.ReadHttpIntegrationPreludeAsync"/>). It names where a
    /// <see cref="LambdaPayloadFormatException"/> occurred; it is not a format of generated methods.
    /// </summary>
    HttpIntegrationPrelude,
}
