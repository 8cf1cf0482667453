namespace LambdaStreamGen;

/// <summary>Which of the client's timeouts fired.</summary>
public enum LambdaTimeoutKind
{
    /// <summary><see cref="LambdaStreamingClientOptions.ResponseHeadersTimeout"/>: no response headers in time.</summary>
    ResponseHeaders,

    /// <summary><see cref="LambdaStreamingClientOptions.IdleTimeout"/>: no bytes for too long in the middle of the stream.</summary>
    Idle,

    /// <summary><see cref="LambdaStreamingClientOptions.TotalTimeout"/>: the whole invocation took too long.</summary>
    Total,
}
