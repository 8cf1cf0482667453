namespace LambdaStreamGen;

/// <summary>Per-call options for a generated client method (an optional parameter of this type).</summary>
public sealed class LambdaInvokeOptions
{
    /// <summary>The version or alias to invoke, overriding the attribute's.</summary>
    public string? Qualifier { get; set; }

    /// <summary>Whether the end of the log comes back.</summary>
    public LambdaLogType LogType { get; set; }

    /// <summary>The client context as a JSON object, or <see langword="null"/>.</summary>
    public string? ClientContextJson { get; set; }

    /// <summary>The tenant of a multi-tenant function, or <see langword="null"/>.</summary>
    public string? TenantId { get; set; }

    /// <summary>
    /// The largest record this call's decoder buffers, overriding <see cref="LambdaStreamingClientOptions.MaxRecordBytes"/>;
    /// <see langword="null"/> for the client's.
    /// </summary>
    public int? MaxRecordBytes { get; set; }

    /// <summary>Only checks the call without running the function (the stream is then empty).</summary>
    public bool DryRun { get; set; }
}
