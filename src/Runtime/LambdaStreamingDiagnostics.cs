namespace LambdaStreamGen;

/// <summary>
/// The names under which clients publish traces and metrics, to subscribe to with OpenTelemetry
/// (<c>AddSource(LambdaStreamingDiagnostics.ActivitySourceName)</c>, <c>AddMeter(LambdaStreamingDiagnostics.MeterName)</c>)
/// or any <see cref="System.Diagnostics.ActivityListener"/> or <see cref="System.Diagnostics.Metrics.MeterListener"/>.
/// Nothing is recorded while nobody listens. README.md ("Observability") lists the span attributes, events and
/// metrics; log events go to <see cref="LambdaStreamingClientOptions.LoggerFactory"/>.
/// </summary>
public static class LambdaStreamingDiagnostics
{
    /// <summary>The <see cref="System.Diagnostics.ActivitySource"/> name: one client span per invocation.</summary>
    public const string ActivitySourceName = "LambdaStreamGen";

    /// <summary>The <see cref="System.Diagnostics.Metrics.Meter"/> name.</summary>
    public const string MeterName = "LambdaStreamGen";

    /// <summary>The category of the client's log events.</summary>
    public const string LoggerCategory = "LambdaStreamGen.LambdaStreamingClient";
}
