namespace LambdaStreamGen;

/// <summary>Whether the end of the function's log comes back with the stream (<c>X-Amz-Log-Type</c>).</summary>
public enum LambdaLogType
{
    /// <summary>No log.</summary>
    None,

    /// <summary>The last 4 KB of the log, in <see cref="LambdaResponseStream.LogResult"/> once the stream completes.</summary>
    Tail,
}
