using System.Text;
using LambdaStreamGen.Decoding;
using LambdaStreamGen.Local;

namespace LambdaStreamGen.Generator.EndToEnd.Tests;

/// <summary>Generated clients, compiled by the generator as a user's build would, calling emulator functions.</summary>
public sealed class GeneratedClientTests : IAsyncLifetime
{
    private LocalLambdaServer _server = null!;
    private LambdaStreamingClient _client = null!;
    private LocalFunction _echo = null!;

    public async Task InitializeAsync()
    {
        _server = await LocalLambdaServer.StartAsync(options =>
        {
            options.AddFunction("reports", async (invocation, response, ct) =>
            {
                Query query = invocation.ReadJson(ContractsJson.Default.Query)!;
                for (int i = 0; i < 3; i++)
                {
                    await response.WriteJsonLineAsync(new Row(i, $"{query.Year}-{query.Filter}-{i}"), ContractsJson.Default.Row, ct);
                    await response.FlushAsync(ct);
                }
            });
            options.AddFunction("reports-array", async (invocation, response, ct) =>
                await response.WriteAsync("[{\"id\":7,\"name\":\"seven\"},{\"id\":8,\"name\":\"eight\"}]"u8.ToArray(), ct));
            _echo = options.AddFunction("echo", async (invocation, response, ct) =>
            {
                await response.WriteAsync(invocation.Payload, ct);
                await response.WriteLineAsync($"|{invocation.Qualifier}|{invocation.TenantId}", ct);
            }).WithRawPayloads().WithAlias("live", "2");
            options.AddFunction("events", async (_, response, ct) => await response.WriteAsync("event: e\ndata: 1\n\n"u8.ToArray(), ct));
            options.AddFunction("fails", (_, _, _) => throw new InvalidOperationException("generated failure"));
        });
        _client = new LambdaStreamingClient(_server.CreateClientOptions());
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Json_lines_and_json_array_methods_yield_typed_records()
    {
        IReports reports = IReports.Create(_client);

        List<Row> rows = await ToListAsync(reports.RunAsync(new Query(2026, "eu")));
        List<Row> array = await ToListAsync(reports.RunAsArrayAsync(new Query(1, null)));

        Assert.Equal([new Row(0, "2026-eu-0"), new Row(1, "2026-eu-1"), new Row(2, "2026-eu-2")], rows);
        Assert.Equal([7, 8], array.Select(r => r.Id));
    }

    [Fact]
    public async Task Text_bytes_stream_and_raw_shapes_send_payloads_raw()
    {
        IReports reports = IReports.Create(_client);

        List<string> lines = await ToListAsync(reports.EchoAsync("hello\n", new LambdaInvokeOptions { Qualifier = "live", TenantId = "t1" }));
        List<ReadOnlyMemory<byte>> bytes = await ToListAsync(reports.EchoBytesAsync(CancellationToken.None, "raw"u8.ToArray()));
        List<byte[]> streamed = await ToListAsync(reports.EchoStreamAsync(new MemoryStream("from a stream"u8.ToArray())));
        await using LambdaResponseStream raw = await reports.RawAsync("memory"u8.ToArray());
        List<string> rawLines = await ToListAsync(raw.ReadTextLinesAsync());

        Assert.Equal(["hello", "|live|t1"], lines);
        Assert.Equal("raw||\n", Encoding.UTF8.GetString([.. bytes.SelectMany(b => b.ToArray())]));
        Assert.Equal("from a stream||\n", Encoding.UTF8.GetString([.. streamed.SelectMany(b => b)]));
        Assert.Equal(["memory||"], rawLines);
    }

    [Fact]
    public async Task Enumerating_a_stream_payload_method_twice_sends_the_same_payload_twice()
    {
        // Each enumeration is an invocation, as with any deferred IAsyncEnumerable; the stream is read once, so the second
        // invocation must not send what is left of it (nothing) as if that were the payload.
        IReports reports = IReports.Create(_client);
        IAsyncEnumerable<byte[]> echoed = reports.EchoStreamAsync(new MemoryStream("from a stream"u8.ToArray()));

        string first = Encoding.UTF8.GetString([.. (await ToListAsync(echoed)).SelectMany(b => b)]);
        string second = Encoding.UTF8.GetString([.. (await ToListAsync(echoed)).SelectMany(b => b)]);

        Assert.Equal("from a stream||\n", first);
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task Server_sent_events_and_base_interface_members_work()
    {
        IReports reports = IReports.Create(_client);
        IDerivedEcho derived = IDerivedEcho.Create(_client);

        List<ServerSentEvent> events = await ToListAsync(reports.EventsAsync());
        List<string> inherited = await ToListAsync(derived.EchoAsync("base\n"));

        Assert.Equal([new ServerSentEvent("e", "1", null, null)], events);
        Assert.Equal(["base", "||"], inherited);
    }

    [Fact]
    public async Task Nested_interface_uses_its_attribute_qualifier()
    {
        Outer.INested nested = Outer.INested.Create(_client);

        List<string> lines = await ToListAsync(nested.EchoAsync("x\n"));

        Assert.Equal(["x", "|live|"], lines);
    }

    [Fact]
    public async Task Function_errors_surface_through_generated_methods()
    {
        IReports reports = IReports.Create(_client);

        await using LambdaResponseStream response = await reports.FailsAsync();
        var exception = await Assert.ThrowsAsync<LambdaFunctionException>(async () => await ToListAsync(response.ReadChunksAsync()));

        Assert.Equal("generated failure", exception.ErrorMessage);
    }

    [Fact]
    public async Task Cancellation_works_through_the_parameter_and_through_WithCancellation()
    {
        IReports reports = IReports.Create(_client);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await ToListAsync(reports.RunAsync(new Query(1, null), cancelled.Token)));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (Row _ in reports.RunAsync(new Query(1, null)).WithCancellation(cancelled.Token))
            {
            }
        });
    }

    [Fact]
    public async Task A_null_raw_payload_is_refused_at_the_call_before_any_request()
    {
        IReports reports = IReports.Create(_client);
        int invocationsBefore = _echo.InvocationCount;

        Assert.Equal("event", Assert.Throws<ArgumentNullException>(() => reports.EchoAsync(null!)).ParamName);
        Assert.Equal("payload", Assert.Throws<ArgumentNullException>(() => reports.EchoBytesAsync(default, null!)).ParamName);
        Assert.Equal("payload", Assert.Throws<ArgumentNullException>(() => reports.EchoStreamAsync(null!)).ParamName);

        await ToListAsync(reports.EchoAsync("still works"));
        Assert.Equal(invocationsBefore + 1, _echo.InvocationCount);
    }

    [Fact]
    public async Task Cancelling_stops_records_already_received_in_one_chunk()
    {
        IReports reports = IReports.Create(_client);
        using var byParameter = new CancellationTokenSource();
        using var byEnumerator = new CancellationTokenSource();

        // "reports-array" sends both elements in one chunk: the second is buffered when the first is handed out.
        await using (IAsyncEnumerator<Row> rows = reports.RunAsArrayAsync(new Query(1, null), byParameter.Token).GetAsyncEnumerator())
        {
            Assert.True(await rows.MoveNextAsync());
            await byParameter.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await rows.MoveNextAsync());
        }

        await using (IAsyncEnumerator<Row> rows = reports.RunAsArrayAsync(new Query(1, null)).GetAsyncEnumerator(byEnumerator.Token))
        {
            Assert.True(await rows.MoveNextAsync());
            await byEnumerator.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await rows.MoveNextAsync());
        }
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (T item in items)
        {
            list.Add(item);
        }

        return list;
    }
}
