using System.Diagnostics;

namespace LambdaStreamGen.Telemetry;

/// <summary>
/// The <c>X-Amzn-Trace-Id</c> header for a span (docs/protocol.md §1): <c>Root=1-{8 hex}-{24 hex};Parent={16 hex};Sampled={0|1}</c>,
/// the W3C trace id split after its first eight digits as X-Ray ids are, which is how the AWS SDKs' X-Ray propagator
/// carries an OpenTelemetry context to Lambda.
/// </summary>
internal static class XRayTraceHeader
{
    public const string Name = "X-Amzn-Trace-Id";

    public static string? For(Activity? activity)
    {
        if (activity is null || activity.IdFormat != ActivityIdFormat.W3C)
        {
            return null;
        }

        string traceId = activity.TraceId.ToHexString();
        string sampled = activity.Recorded ? "1" : "0";
        return $"Root=1-{traceId[..8]}-{traceId[8..]};Parent={activity.SpanId.ToHexString()};Sampled={sampled}";
    }
}
