using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace LambdaStreamGen.DependencyInjection.Tests;

/// <summary>
/// A host as an observed application builds it: the client registered through DI against the emulator, the real
/// OpenTelemetry SDK exporting spans and metrics to memory, and every log event captured.
/// </summary>
internal sealed class ObservedHost : IAsyncDisposable
{
    public static readonly ActivitySource TestSource = new("LambdaStreamGen.DependencyInjection.Tests");

    private readonly IHost _host;

    private ObservedHost(IHost host, Emulator emulator, CapturedLogs logs, List<Activity> spans, List<MetricSnapshot> metrics)
    {
        _host = host;
        Emulator = emulator;
        Logs = logs;
        Spans = spans;
        Metrics = metrics;
    }

    public Emulator Emulator { get; }

    public CapturedLogs Logs { get; }

    public List<Activity> Spans { get; }

    public List<MetricSnapshot> Metrics { get; }

    public IServiceProvider Services => _host.Services;

    public IRows Rows => _host.Services.GetRequiredService<IRows>();

    public IEnumerable<CapturedLog> ClientLogs => Logs.Of(LambdaStreamingDiagnostics.LoggerCategory);

    public Activity ClientSpan => Assert.Single(Spans, s => s.Source.Name == LambdaStreamingDiagnostics.ActivitySourceName);

    public static async Task<ObservedHost> StartAsync(Action<LambdaStreamingClientOptions>? configure = null)
    {
        Emulator emulator = await Emulator.StartAsync();
        var logs = new CapturedLogs();
        var spans = new List<Activity>();
        var metrics = new List<MetricSnapshot>();

        HostApplicationBuilder builder = RegistrationTests.NewBuilder([]);
        builder.Logging.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Trace);
        builder.Services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddSource(LambdaStreamingDiagnostics.ActivitySourceName, TestSource.Name).AddInMemoryExporter(spans))
            .WithMetrics(metering => metering.AddMeter(LambdaStreamingDiagnostics.MeterName).AddInMemoryExporter(metrics));
        builder.Services.AddLambdaStreaming(options =>
        {
            RegistrationTests.Point(options, emulator);
            configure?.Invoke(options);
        });
        builder.Services.AddLambdaStreamingClient(IRows.Create);

        IHost host = builder.Build();
        await host.StartAsync();
        return new ObservedHost(host, emulator, logs, spans, metrics);
    }

    /// <summary>The latest exported points of a metric, after collecting now.</summary>
    public IReadOnlyList<MetricPoint> Points(string name)
    {
        Metrics.Clear();
        Assert.True(_host.Services.GetRequiredService<MeterProvider>().ForceFlush());
        MetricSnapshot? snapshot = Metrics.LastOrDefault(m => m.Name == name);
        return snapshot is null ? [] : snapshot.MetricPoints;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        await Emulator.DisposeAsync();
    }
}
