using System.Diagnostics;
using System.Text.Json;
using LambdaStreamGen.Local;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;

namespace LambdaStreamGen.DependencyInjection.Tests;

/// <summary>
/// What an operator sees of an invocation through the host's logging and the real OpenTelemetry SDK: one span that
/// lasts as long as the stream, its attributes and events, the metrics, and log events with their stable ids.
/// </summary>
public sealed class ObservabilityTests
{
    [Fact]
    public async Task The_span_lasts_until_the_stream_ends_and_carries_the_invocation()
    {
        await using ObservedHost host = await ObservedHost.StartAsync();
        DateTime lastRecordAt = default;
        var rows = new List<Row>();
        string parentSpanId;
        using (Activity parent = ObservedHost.TestSource.StartActivity("request")!)
        {
            parentSpanId = parent.SpanId.ToHexString();
            await foreach (Row row in host.Rows.ListAsync(new RowQuery(3, DelayMilliseconds: 150)))
            {
                rows.Add(row);
                lastRecordAt = DateTime.UtcNow;
            }
        }

        Activity span = host.ClientSpan;
        Assert.Equal(3, rows.Count);
        Assert.Equal("Lambda.InvokeWithResponseStream", span.DisplayName);
        Assert.Equal(ActivityKind.Client, span.Kind);
        Assert.Equal(parentSpanId, span.ParentSpanId.ToHexString());
        Assert.True(span.StartTimeUtc + span.Duration >= lastRecordAt.AddMilliseconds(-1), $"the span ended at {span.StartTimeUtc + span.Duration:O}, before the last record at {lastRecordAt:O}");
        Assert.True(span.Duration >= TimeSpan.FromMilliseconds(300), $"the span lasted {span.Duration}, not the stream's three 150 ms gaps");
        Assert.Equal(ActivityStatusCode.Unset, span.Status);

        Assert.Equal("aws-api", span.GetTagItem("rpc.system"));
        Assert.Equal("Lambda", span.GetTagItem("rpc.service"));
        Assert.Equal("InvokeWithResponseStream", span.GetTagItem("rpc.method"));
        Assert.Equal("rows", span.GetTagItem("faas.invoked_name"));
        Assert.Equal("aws", span.GetTagItem("faas.invoked_provider"));
        Assert.Equal("us-east-1", span.GetTagItem("faas.invoked_region"));
        Assert.Equal("us-east-1", span.GetTagItem("cloud.region"));
        Assert.Equal(host.Emulator.Endpoint.Host, span.GetTagItem("server.address"));
        Assert.Matches("^[0-9a-f-]{36}$", (string)span.GetTagItem("aws.request_id")!);
        Assert.Equal(200, span.GetTagItem("http.response.status_code"));
        Assert.Equal("completed", span.GetTagItem("lambdastreamgen.outcome"));
        Assert.Equal(3L, span.GetTagItem("lambdastreamgen.records"));
        Assert.Equal(PayloadBytes(3), span.GetTagItem("lambdastreamgen.payload_bytes"));
        Assert.Null(span.GetTagItem("error.type"));
        Assert.Equal(["lambdastreamgen.first_byte"], span.Events.Select(e => e.Name));
    }

    [Fact]
    public async Task The_function_receives_the_span_as_an_X_Ray_trace_header()
    {
        await using ObservedHost host = await ObservedHost.StartAsync();
        using (ObservedHost.TestSource.StartActivity("request"))
        {
            Assert.Single(await host.Rows.ListAsync(new RowQuery(1)).ToListAsync());
        }

        Activity span = host.ClientSpan;
        string traceId = span.TraceId.ToHexString();
        Assert.Equal($"Root=1-{traceId[..8]}-{traceId[8..]};Parent={span.SpanId.ToHexString()};Sampled=1", host.Emulator.LastTraceHeader);
    }

    [Fact]
    public async Task The_trace_header_can_be_turned_off()
    {
        await using ObservedHost host = await ObservedHost.StartAsync(options => options.PropagateTraceHeader = false);
        using (ObservedHost.TestSource.StartActivity("request"))
        {
            Assert.Single(await host.Rows.ListAsync(new RowQuery(1)).ToListAsync());
        }

        Assert.NotNull(host.ClientSpan);
        Assert.Null(host.Emulator.LastTraceHeader);
    }

    [Fact]
    public async Task Metrics_count_the_invocation_its_bytes_and_records()
    {
        await using ObservedHost host = await ObservedHost.StartAsync();
        Assert.Equal(4, (await host.Rows.ListAsync(new RowQuery(4)).ToListAsync()).Count);

        MetricPoint duration = Assert.Single(host.Points("lambdastreamgen.invocation.duration"));
        Assert.Equal(1, duration.GetHistogramCount());
        Assert.Equal("completed", Tag(duration, "lambdastreamgen.outcome"));
        Assert.Equal("rows", Tag(duration, "faas.invoked_name"));
        Assert.Equal(1, Assert.Single(host.Points("lambdastreamgen.invocation.time_to_first_byte")).GetHistogramCount());
        Assert.Equal(PayloadBytes(4), Assert.Single(host.Points("lambdastreamgen.payload.received")).GetSumLong());
        Assert.Equal(4, Assert.Single(host.Points("lambdastreamgen.records.decoded")).GetSumLong());
        Assert.Equal(0, Assert.Single(host.Points("lambdastreamgen.invocation.active")).GetSumLong());
        Assert.Empty(host.Points("lambdastreamgen.invocation.errors"));
        Assert.Empty(host.Points("lambdastreamgen.invocation.retries"));
    }

    [Fact]
    public async Task An_invocation_logs_start_headers_first_byte_and_completion_at_debug()
    {
        await using ObservedHost host = await ObservedHost.StartAsync();
        Assert.Equal(2, (await host.Rows.ListAsync(new RowQuery(2)).ToListAsync()).Count);

        CapturedLog[] events = [.. host.ClientLogs];
        Assert.Equal([1, 2, 3, 5], events.Select(e => e.EventId));
        Assert.Equal(["InvocationStarting", "ResponseHeaders", "FirstByte", "InvocationCompleted"], events.Select(e => e.EventName));
        Assert.All(events, e => Assert.Equal(LogLevel.Debug, e.Level));
        Assert.StartsWith($"Invoking rows (qualifier (null)) at {host.Emulator.Endpoint} with ", events[0].Message, StringComparison.Ordinal);
        Assert.StartsWith("rows completed: " + PayloadBytes(2) + " payload bytes, 2 records in ", events[3].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_function_error_after_some_rows_is_an_error_span_a_warning_and_an_error_metric()
    {
        await using ObservedHost host = await ObservedHost.StartAsync();
        var rows = new List<Row>();
        var error = await Assert.ThrowsAsync<LambdaFunctionException>(async () =>
        {
            await foreach (Row row in host.Rows.ListAsync(new RowQuery(5, FailAfter: 2)))
            {
                rows.Add(row);
            }
        });

        Assert.Equal(2, rows.Count);
        Activity span = host.ClientSpan;
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal("Unhandled", span.GetTagItem("error.type"));
        Assert.Equal("function_error", span.GetTagItem("lambdastreamgen.outcome"));
        ActivityEvent functionError = Assert.Single(span.Events, e => e.Name == "lambdastreamgen.function_error");
        Assert.Equal("Unhandled", functionError.Tags.Single(t => t.Key == "lambdastreamgen.function_error_code").Value);
        Assert.Contains(span.Events, e => e.Name == "exception" && (string?)e.Tags.Single(t => t.Key == "exception.type").Value == typeof(LambdaFunctionException).FullName);

        CapturedLog warning = Assert.Single(host.ClientLogs, e => e.EventId == 6);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Equal($"rows reported a function error Unhandled after {PayloadBytes(2)} payload bytes (request id {error.RequestId})", warning.Message);

        MetricPoint errors = Assert.Single(host.Points("lambdastreamgen.invocation.errors"));
        Assert.Equal(1, errors.GetSumLong());
        Assert.Equal("Unhandled", Tag(errors, "error.type"));
    }

    [Fact]
    public async Task A_retry_is_a_warning_with_its_cause_and_delay_a_span_event_and_a_metric()
    {
        await using ObservedHost host = await ObservedHost.StartAsync();
        host.Emulator.Rows.InjectFaultOnce(1, LocalFault.Throttle(TimeSpan.FromMilliseconds(1)));

        Assert.Single(await host.Rows.ListAsync(new RowQuery(1)).ToListAsync());

        CapturedLog retry = Assert.Single(host.ClientLogs, e => e.EventId == 4);
        Assert.Equal(LogLevel.Warning, retry.Level);
        Assert.Equal("RetryScheduled", retry.EventName);
        Assert.Matches(@"^Attempt 1 of rows failed with 429 TooManyRequestsException: .+; retrying in \d+ ms \(request id [0-9a-f-]{36}\)$", retry.Message);

        Activity span = host.ClientSpan;
        Assert.Equal(2, span.GetTagItem("lambdastreamgen.attempts"));
        ActivityEvent retried = Assert.Single(span.Events, e => e.Name == "lambdastreamgen.retry");
        Assert.Equal("TooManyRequestsException", retried.Tags.Single(t => t.Key == "error.type").Value);
        MetricPoint retries = Assert.Single(host.Points("lambdastreamgen.invocation.retries"));
        Assert.Equal(1, retries.GetSumLong());
        Assert.Equal("TooManyRequestsException", Tag(retries, "error.type"));
    }

    [Fact]
    public async Task A_truncated_stream_is_never_reported_as_complete()
    {
        await using ObservedHost host = await ObservedHost.StartAsync();
        host.Emulator.Rows.InjectFaultOnce(1, LocalFault.EndStreamAfterPayloadBytes(30));

        await Assert.ThrowsAsync<LambdaStreamTruncatedException>(() => host.Rows.ListAsync(new RowQuery(5)).ToListAsync().AsTask());

        Activity span = host.ClientSpan;
        Assert.Equal("truncated", span.GetTagItem("lambdastreamgen.outcome"));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Contains(span.Events, e => e.Name == "lambdastreamgen.truncated");
        Assert.Equal(LogLevel.Warning, Assert.Single(host.ClientLogs, e => e.EventId == 7).Level);
        Assert.DoesNotContain(host.ClientLogs, e => e.EventId == 5);
    }

    [Fact]
    public async Task Cancellation_ends_the_span_and_is_logged_at_debug()
    {
        await using ObservedHost host = await ObservedHost.StartAsync();
        using var cancellation = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (Row row in host.Rows.ListAsync(new RowQuery(50, DelayMilliseconds: 100), cancellation.Token))
            {
                cancellation.Cancel();
            }
        });

        Assert.Equal("cancelled", host.ClientSpan.GetTagItem("lambdastreamgen.outcome"));
        CapturedLog cancelled = Assert.Single(host.ClientLogs, e => e.EventId == 8);
        Assert.Equal(LogLevel.Debug, cancelled.Level);
        Assert.Equal(0, Assert.Single(host.Points("lambdastreamgen.invocation.active")).GetSumLong());
    }

    [Fact]
    public async Task No_log_event_of_any_category_carries_a_secret_and_payloads_only_when_asked()
    {
        await using (ObservedHost quiet = await ObservedHost.StartAsync())
        {
            Assert.Single(await quiet.Rows.ListAsync(new RowQuery(1)).ToListAsync());
            string everything = string.Join("\n", quiet.Logs.Entries.Select(e => e.Message));

            Assert.Contains("System.Net.Http.HttpClient.LambdaStreamGen", quiet.Logs.Entries.Select(e => e.Category).Distinct().First(c => c.StartsWith("System.Net.Http", StringComparison.Ordinal)), StringComparison.Ordinal);
            Assert.DoesNotContain(LocalCredentials.Test.SecretAccessKey, everything, StringComparison.Ordinal);
            Assert.DoesNotContain(LocalCredentials.Test.AccessKeyId, everything, StringComparison.Ordinal);
            Assert.DoesNotContain("Signature=", everything, StringComparison.Ordinal);
            Assert.DoesNotContain("\"rows\":1", everything, StringComparison.Ordinal);
            Assert.DoesNotContain(quiet.ClientLogs, e => e.EventId is 11 or 12);
        }

        await using ObservedHost verbose = await ObservedHost.StartAsync(options => options.LogPayloadBytes = 9);
        Assert.Single(await verbose.Rows.ListAsync(new RowQuery(1)).ToListAsync());

        CapturedLog request = Assert.Single(verbose.ClientLogs, e => e.EventId == 11);
        Assert.Equal(LogLevel.Trace, request.Level);
        Assert.EndsWith(": {\"rows\":1", request.Message, StringComparison.Ordinal);
        CapturedLog chunk = Assert.Single(verbose.ClientLogs, e => e.EventId == 12);
        Assert.EndsWith(": {\"id\":0,\"", chunk.Message, StringComparison.Ordinal);
    }

    private static long PayloadBytes(int rows) =>
        Enumerable.Range(0, rows).Sum(i => (long)JsonSerializer.Serialize(new Row(i, $"row {i}"), TestJsonContext.Default.Row).Length + 1);

    private static object? Tag(MetricPoint point, string key)
    {
        foreach (KeyValuePair<string, object?> tag in point.Tags)
        {
            if (tag.Key == key)
            {
                return tag.Value;
            }
        }

        return null;
    }
}
