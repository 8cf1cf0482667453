namespace LambdaStreamGen.Local;

/// <summary>Why a response stream stopped before its function finished.</summary>
internal enum StreamStop
{
    /// <summary>The function wrote more than <see cref="LocalLambdaServerOptions.MaxResponseBytes"/>.</summary>
    ResponseTooLarge,

    /// <summary>A fault ended the body cleanly without <c>InvokeComplete</c>.</summary>
    EndedEarly,

    /// <summary>A fault aborted the connection.</summary>
    ConnectionReset,

    /// <summary>The caller disconnected.</summary>
    CallerDisconnected,
}
