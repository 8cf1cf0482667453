using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace LambdaStreamGen.Local;

/// <summary>One invocation of a function hosted by the emulator: what the caller sent and where to log.</summary>
public sealed class LocalInvocation
{
    internal LocalInvocation(string functionName, string? qualifier, string executedVersion, string requestId, ReadOnlyMemory<byte> payload, string? clientContext, string? tenantId, TextWriter log, string? traceHeader = null)
    {
        TraceHeader = traceHeader;
        FunctionName = functionName;
        Qualifier = qualifier;
        ExecutedVersion = executedVersion;
        RequestId = requestId;
        Payload = payload;
        ClientContext = clientContext;
        TenantId = tenantId;
        Log = log;
    }

    /// <summary>The function's name as registered (never an ARN).</summary>
    public string FunctionName { get; }

    /// <summary>The qualifier the caller asked for (version or alias), or <see langword="null"/>.</summary>
    public string? Qualifier { get; }

    /// <summary>The version that runs: <c>$LATEST</c> unless the qualifier names a registered version or alias.</summary>
    public string ExecutedVersion { get; }

    /// <summary>The request id, also sent to the caller as <c>x-amzn-RequestId</c>.</summary>
    public string RequestId { get; }

    /// <summary>The raw request payload.</summary>
    public ReadOnlyMemory<byte> Payload { get; }

    /// <summary>The client context as the decoded JSON text, or <see langword="null"/> when none was sent.</summary>
    public string? ClientContext { get; }

    /// <summary>The tenant id (<c>X-Amz-Tenant-Id</c>), or <see langword="null"/>.</summary>
    public string? TenantId { get; }

    /// <summary>
    /// The trace context the caller sent (<c>X-Amzn-Trace-Id</c>, <c>Root=1-…;Parent=…;Sampled=…</c>), which Lambda hands
    /// to a function as <c>_X_AMZN_TRACE_ID</c>; <see langword="null"/> when none was sent.
    /// </summary>
    public string? TraceHeader { get; }

    /// <summary>
    /// The function's log. With <c>X-Amz-Log-Type: Tail</c> the caller receives the last 4 KB of it, base64-encoded,
    /// in <c>InvokeComplete.LogResult</c>.
    /// </summary>
    public TextWriter Log { get; }

    /// <summary>Deserializes the payload as JSON.</summary>
    /// <typeparam name="T">The payload type.</typeparam>
    /// <param name="typeInfo">The type's JSON metadata (from a <c>JsonSerializerContext</c>).</param>
    /// <returns>The payload value.</returns>
    /// <exception cref="JsonException">The payload is not valid JSON for <typeparamref name="T"/>.</exception>
    public T? ReadJson<T>(JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        return JsonSerializer.Deserialize(Payload.Span, typeInfo);
    }

    /// <summary>Decodes the payload as UTF-8 text.</summary>
    /// <returns>The text.</returns>
    public string ReadText() => Encoding.UTF8.GetString(Payload.Span);
}
