using System.Net;
using System.Text.Json;
using WebRelay;

namespace LambdaStreamGen.WebRelay.Tests;

/// <summary>
/// The sample's relay endpoints over real HTTP, as a browser's fetch or EventSource reads them: each record leaves
/// the server while the function is still running, failures are terminal records or HTTP statuses, and a caller
/// going away stops the function.
/// </summary>
public sealed class RelayEndpointTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Server_sent_events_deliver_the_first_row_while_the_function_waits_then_end_with_the_count()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using RelayApp relay = await StartAsync((row, ct) => row == 1 ? gate.Task.WaitAsync(ct) : Task.CompletedTask);
        using var http = new HttpClient { BaseAddress = relay.Address };

        using HttpResponseMessage response = await http.GetAsync("/api/report?rows=3&delayMs=0", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        // The function is held before its second row: the first must already be here.
        Assert.Equal("event: row", await ReadLineAsync(reader));
        Assert.StartsWith("data: {\"index\":1,\"region\":\"eu-west-1\",\"revenue\":1000", await ReadLineAsync(reader), StringComparison.Ordinal);
        Assert.Equal(string.Empty, await ReadLineAsync(reader));
        Assert.False(gate.Task.IsCompleted);

        gate.SetResult();
        string rest = await reader.ReadToEndAsync().WaitAsync(Patience);
        Assert.Equal(2, rest.Split("event: row\n").Length - 1);
        Assert.EndsWith("event: end\ndata: {\"records\":3}\n\n", rest, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compressed_server_sent_events_still_deliver_each_row_while_the_function_waits()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using RelayApp relay = await StartAsync((row, ct) => row == 1 ? gate.Task.WaitAsync(ct) : Task.CompletedTask);
        using var http = new HttpClient { BaseAddress = relay.Address };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/report?rows=3&delayMs=0");
        request.Headers.AcceptEncoding.ParseAdd("gzip");

        using HttpResponseMessage response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(["gzip"], response.Content.Headers.ContentEncoding);
        using var reader = new StreamReader(new System.IO.Compression.GZipStream(await response.Content.ReadAsStreamAsync(), System.IO.Compression.CompressionMode.Decompress));

        // The compressor is flushed with every record: the first row arrives, compressed, while the function is held.
        Assert.Equal("event: row", await ReadLineAsync(reader));
        Assert.StartsWith("data: {\"index\":1,", await ReadLineAsync(reader), StringComparison.Ordinal);
        Assert.False(gate.Task.IsCompleted);

        gate.SetResult();
        Assert.EndsWith("event: end\ndata: {\"records\":3}\n\n", await reader.ReadToEndAsync().WaitAsync(Patience), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_function_error_after_rows_is_the_last_NDJSON_line_with_its_code()
    {
        await using RelayApp relay = await StartAsync();
        using var http = new HttpClient { BaseAddress = relay.Address };

        using HttpResponseMessage response = await http.GetAsync("/api/report.ndjson?rows=5&delayMs=0&failAfter=2");
        string[] lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("{\"index\":1,", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("{\"index\":2,", lines[1], StringComparison.Ordinal);
        using JsonDocument error = JsonDocument.Parse(lines[2]);
        JsonElement detail = error.RootElement.GetProperty("error");
        Assert.Equal("FunctionError", detail.GetProperty("code").GetString());
        Assert.Contains("The data source failed while producing row 2.", detail.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, detail.GetProperty("records").GetInt64());
        Assert.Matches("^[0-9a-f-]{36}$", detail.GetProperty("requestId").GetString());
    }

    [Fact]
    public async Task A_failure_after_rows_is_an_SSE_error_event()
    {
        await using RelayApp relay = await StartAsync();
        using var http = new HttpClient { BaseAddress = relay.Address };

        string body = await http.GetStringAsync("/api/report?rows=5&delayMs=0&failAfter=3");

        Assert.Equal(3, body.Split("event: row\n").Length - 1);
        Assert.Contains("event: error\ndata: {\"code\":\"FunctionError\",", body, StringComparison.Ordinal);
        Assert.DoesNotContain("event: end", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failure_before_the_first_byte_is_a_502_problem()
    {
        await using RelayApp relay = await StartAsync();
        using var http = new HttpClient { BaseAddress = relay.Address };

        using HttpResponseMessage response = await http.GetAsync("/api/report?rows=5&delayMs=0&failAfter=0");
        using JsonDocument problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("FunctionError", problem.RootElement.GetProperty("code").GetString());
        Assert.Equal(502, problem.RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task A_caller_going_away_cancels_the_function_within_a_second()
    {
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using RelayApp relay = await StartAsync(async (row, ct) =>
        {
            if (row == 1)
            {
                try
                {
                    await Task.Delay(Timeout.Infinite, ct);
                }
                catch (OperationCanceledException)
                {
                    cancelled.TrySetResult();
                    throw;
                }
            }
        });
        // As a browser closing the page does: the connection closes at once, with nothing drained first.
        using var http = new HttpClient(new SocketsHttpHandler { MaxResponseDrainSize = 0 }) { BaseAddress = relay.Address };

        HttpResponseMessage response = await http.GetAsync("/api/report?rows=3&delayMs=0", HttpCompletionOption.ResponseHeadersRead);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.Equal("event: row", await ReadLineAsync(reader));
        response.Dispose();

        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task The_export_passes_the_function_bytes_and_content_type_through()
    {
        await using RelayApp relay = await StartAsync();
        using var http = new HttpClient { BaseAddress = relay.Address };

        using HttpResponseMessage response = await http.GetAsync("/api/export?mb=2");
        byte[] body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(2 * 1024 * 1024, body.Length);
        Assert.All(body.Chunk(1024), line => Assert.Equal((byte)'\n', line[^1]));
    }

    [Fact]
    public async Task A_caller_that_stops_reading_stops_the_function_writing_until_it_reads_again()
    {
        const long Total = 200L * 1024 * 1024;
        long written = 0;
        await using RelayApp relay = await RelayApp.StartAsync(["--urls", "http://127.0.0.1:0"], exportProgress: bytes => Volatile.Write(ref written, bytes));
        using var http = new HttpClient { BaseAddress = relay.Address };

        using HttpResponseMessage response = await http.GetAsync("/api/export?mb=200", HttpCompletionOption.ResponseHeadersRead);
        Stream body = await response.Content.ReadAsStreamAsync();
        byte[] buffer = new byte[64 * 1024];
        long received = await body.ReadAsync(buffer);

        // Nothing reads for a while: every buffer between here and the function fills, and then the function's writes
        // wait. Its progress stops (no change over half a second, however long the buffers take to fill on a loaded
        // machine) at a small part of the export.
        long stalledAt = -1;
        var patience = System.Diagnostics.Stopwatch.StartNew();
        while (patience.Elapsed < Patience)
        {
            long before = Volatile.Read(ref written);
            await Task.Delay(TimeSpan.FromMilliseconds(500));
            if (Volatile.Read(ref written) == before)
            {
                stalledAt = before;
                break;
            }
        }

        Assert.True(stalledAt >= 0, $"The function never stopped writing while nothing was read ({Volatile.Read(ref written):N0} bytes).");
        Assert.True(stalledAt < Total / 4, $"The function wrote {stalledAt:N0} of {Total:N0} bytes while nothing was read.");

        // Reading again resumes it, and the whole export arrives.
        int read;
        while ((read = await body.ReadAsync(buffer).AsTask().WaitAsync(Patience)) > 0)
        {
            received += read;
        }

        Assert.Equal(Total, received);
        Assert.Equal(Total, Volatile.Read(ref written));
    }

    [Fact]
    public async Task A_function_URL_prelude_sets_the_status_headers_and_cookies_and_is_not_in_the_body()
    {
        await using RelayApp relay = await StartAsync();
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = relay.Address };

        using HttpResponseMessage response = await http.GetAsync("/api/greeting?name=Ada%20%3Cb%3E");
        string body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.True(response.Headers.CacheControl?.NoStore);
        Assert.Equal(["greeted=Ada%20%3Cb%3E; Path=/; SameSite=Lax"], response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("<!doctype html><title>Hello</title>\n<h1>Hello, Ada &lt;b&gt;!</h1>\n", body, StringComparison.Ordinal);
        Assert.DoesNotContain("statusCode", body, StringComparison.Ordinal);
        Assert.DoesNotContain('\0', body);
    }

    [Fact]
    public async Task A_function_URL_prelude_status_is_the_response_status()
    {
        await using RelayApp relay = await StartAsync();
        using var http = new HttpClient { BaseAddress = relay.Address };

        using HttpResponseMessage response = await http.GetAsync("/api/greeting");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("name is required (1 to 100 characters).\n", await response.Content.ReadAsStringAsync());
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Theory]
    [InlineData("/api/report?rows=0", "report")]
    [InlineData("/api/report.ndjson?delayMs=-1", "report")]
    [InlineData("/api/story?words=0", "story")]
    [InlineData("/api/export?mb=201", "export")] // more than Lambda's 200 MB could only fail half-way
    public async Task Invalid_queries_are_400_problems_and_call_no_function(string path, string function)
    {
        await using RelayApp relay = await StartAsync();
        using var http = new HttpClient { BaseAddress = relay.Address };

        using HttpResponseMessage response = await http.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, relay.Emulator!.Options.Functions[function].InvocationCount);
    }

    internal static Task<RelayApp> StartAsync(Func<int, CancellationToken, Task>? beforeRow = null) =>
        RelayApp.StartAsync(["--urls", "http://127.0.0.1:0"], beforeRow);

    private static async Task<string?> ReadLineAsync(StreamReader reader) => await reader.ReadLineAsync().WaitAsync(Patience);
}
