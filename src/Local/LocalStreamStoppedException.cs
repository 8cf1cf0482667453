namespace LambdaStreamGen.Local;

/// <summary>
/// Thrown into a handler's write when the stream can take no more (cap reached, injected truncation, caller gone), so
/// that the function stops as a Lambda function would when its response can no longer be delivered.
/// </summary>
public sealed class LocalStreamStoppedException : IOException
{
    internal LocalStreamStoppedException(StreamStop reason)
        : base(reason switch
        {
            StreamStop.ResponseTooLarge => "The response exceeded the emulator's maximum response size; the function was stopped.",
            StreamStop.EndedEarly => "An injected fault ended the response stream.",
            StreamStop.ConnectionReset => "An injected fault reset the connection.",
            _ => "The caller disconnected.",
        })
    {
        Reason = reason;
    }

    internal StreamStop Reason { get; }
}
