using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace LambdaStreamGen.Telemetry;

/// <summary>
/// The process-wide activity source and meter with their instruments. Instruments are created once; recording
/// through one that nobody listens to costs a field check (<see cref="Instrument.Enabled"/>).
/// </summary>
internal static class Instruments
{
    private static readonly string? Version = typeof(Instruments).Assembly.GetName().Version?.ToString(3);

    public static readonly ActivitySource Source = new(LambdaStreamingDiagnostics.ActivitySourceName, Version);

    public static readonly Meter Meter = new(LambdaStreamingDiagnostics.MeterName, Version);

    // Names and units follow the OpenTelemetry naming guidelines: dotted namespaces, UCUM units, seconds for durations.
    public static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(
        "lambdastreamgen.invocation.duration", "s", "Time from the first attempt of an invocation to the end of its stream.");

    public static readonly Histogram<double> TimeToFirstByte = Meter.CreateHistogram<double>(
        "lambdastreamgen.invocation.time_to_first_byte", "s", "Time from the first attempt of an invocation to its first payload byte.");

    public static readonly UpDownCounter<long> Active = Meter.CreateUpDownCounter<long>(
        "lambdastreamgen.invocation.active", "{invocation}", "Invocations started and not yet ended (streams open included).");

    public static readonly Counter<long> Retries = Meter.CreateCounter<long>(
        "lambdastreamgen.invocation.retries", "{retry}", "Attempts repeated after a retryable error, before any stream started.");

    public static readonly Counter<long> Errors = Meter.CreateCounter<long>(
        "lambdastreamgen.invocation.errors", "{error}", "Invocations that ended in an error, by error.type.");

    public static readonly Counter<long> PayloadBytes = Meter.CreateCounter<long>(
        "lambdastreamgen.payload.received", "By", "Payload bytes received from functions' streams.");

    public static readonly Counter<long> Records = Meter.CreateCounter<long>(
        "lambdastreamgen.records.decoded", "{record}", "Records handed out by the decoders (JSON lines, text lines, array elements, events).");
}
