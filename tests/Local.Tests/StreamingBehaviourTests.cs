using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using LambdaStreamGen.EventStreams;
using LambdaStreamGen.Local.Tests.Support;

namespace LambdaStreamGen.Local.Tests;

public sealed class StreamingBehaviourTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Success_streams_payload_chunks_then_exactly_one_InvokeComplete()
    {
        await using LocalLambdaServer server = await Emulator.StartAsync(o => o.AddFunction("echo", Emulator.EchoLines).WithRawPayloads());
        using var client = new EmulatorClient(server);

        using HttpResponseMessage response = await client.InvokeAsync("echo", "a\nbb\nccc"u8.ToArray());
        List<EventStreamMessage> events = await client.ReadEventsAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType); // the stream's declared type (none: octet-stream)
        Assert.Equal("$LATEST", Assert.Single(response.Headers.GetValues("X-Amz-Executed-Version")));
        Assert.True(Guid.TryParse(Assert.Single(response.Headers.GetValues("x-amzn-RequestId")), out _));
        Assert.Equal(4, events.Count);
        Assert.Equal("a\nbb\nccc\n", Events.PayloadText(events));
        JsonElement complete = Events.SingleInvokeCompleteAtEnd(events);
        Assert.False(complete.TryGetProperty("ErrorCode", out _));
    }

    [Fact]
    public async Task Each_event_reaches_the_wire_as_one_HTTP_chunk()
    {
        // Kestrel frames every block it is handed as its own HTTP chunk. Written piecewise, a 64 KiB event went out as
        // sixteen 4 KiB chunks, and every reader, ours or another SDK, paid a socket read for each of them.
        int[] sizes = [64 * 1024, 64 * 1024, 3, 200_000];
        await using LocalLambdaServer server = await Emulator.StartAsync(o =>
        {
            o.VerifySignatures = false;
            o.MaxChunkSize = 256 * 1024;
            o.AddFunction("sized", async (_, response, ct) =>
            {
                foreach (int size in sizes)
                {
                    await response.WriteAsync(new byte[size], ct);
                    await response.FlushAsync(ct);
                }
            });
        });

        byte[] raw = await RawHttpPostAsync(server.Endpoint, EmulatorClient.PathFor("sized"));
        int bodyStart = raw.AsSpan().IndexOf("\r\n\r\n"u8) + 4;
        Assert.Contains("Transfer-Encoding: chunked", Encoding.ASCII.GetString(raw, 0, bodyStart), StringComparison.OrdinalIgnoreCase);

        var eventLengths = new List<int>();
        int position = bodyStart;
        while (true)
        {
            int lineEnd = raw.AsSpan(position).IndexOf("\r\n"u8) + position;
            int chunkLength = int.Parse(Encoding.ASCII.GetString(raw, position, lineEnd - position), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            position = lineEnd + 2;
            if (chunkLength == 0)
            {
                break;
            }

            // The chunk holds exactly one whole message: the prelude's total length is the chunk's length.
            Assert.Equal(chunkLength, BinaryPrimitives.ReadInt32BigEndian(raw.AsSpan(position)));
            eventLengths.Add(chunkLength);
            position += chunkLength + 2;
        }

        // Four payload chunks and the InvokeComplete, each in its own HTTP chunk.
        Assert.Equal(sizes.Length + 1, eventLengths.Count);
        Assert.All(sizes, (size, i) => Assert.True(eventLengths[i] > size));
    }

    [Fact]
    public async Task Flushed_chunk_reaches_the_caller_before_the_function_continues()
    {
        var secondChunkAllowed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using LocalLambdaServer server = await Emulator.StartAsync(o => o.AddFunction("gated", async (_, response, ct) =>
        {
            await response.WriteLineAsync("first", ct);
            await response.FlushAsync(ct);
            await secondChunkAllowed.Task.WaitAsync(ct);
            await response.WriteLineAsync("second", ct);
        }));
        using var client = new EmulatorClient(server);
        using HttpResponseMessage response = await client.InvokeAsync("gated");
        await using var reader = new EventStreamReader(await response.Content.ReadAsStreamAsync());

        // If the emulator held the first chunk back, this read would wait for a function that waits for us.
        EventStreamMessage? first = await reader.ReadAsync().AsTask().WaitAsync(HangGuard);
        Assert.Equal("first\n", Encoding.UTF8.GetString(first!.Payload.Span));
        secondChunkAllowed.SetResult();

        EventStreamMessage? second = await reader.ReadAsync().AsTask().WaitAsync(HangGuard);
        Assert.Equal("second\n", Encoding.UTF8.GetString(second!.Payload.Span));
        Assert.Equal("InvokeComplete", Events.EventType((await reader.ReadAsync())!));
        Assert.Null(await reader.ReadAsync());
    }

    [Fact]
    public async Task Handler_that_throws_keeps_sent_chunks_then_reports_Unhandled_in_InvokeComplete()
    {
        await using LocalLambdaServer server = await Emulator.StartAsync(o => o.AddFunction("fails", async (_, response, ct) =>
        {
            await response.WriteLineAsync("partial", ct);
            await response.FlushAsync(ct);
            throw new InvalidOperationException("report generation failed");
        }));
        using var client = new EmulatorClient(server);

        using HttpResponseMessage response = await client.InvokeAsync("fails");
        List<EventStreamMessage> events = await client.ReadEventsAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("partial\n", Events.PayloadText(events));
        JsonElement complete = Events.SingleInvokeCompleteAtEnd(events);
        Assert.Equal("Unhandled", complete.GetProperty("ErrorCode").GetString());
        using JsonDocument details = JsonDocument.Parse(complete.GetProperty("ErrorDetails").GetString()!);
        Assert.Equal("InvalidOperationException", details.RootElement.GetProperty("errorType").GetString());
        Assert.Equal("report generation failed", details.RootElement.GetProperty("errorMessage").GetString());
        Assert.Equal(JsonValueKind.Array, details.RootElement.GetProperty("stackTrace").ValueKind);
        Assert.NotEmpty(details.RootElement.GetProperty("stackTrace").EnumerateArray());
    }

    [Fact]
    public async Task Log_type_Tail_returns_the_last_4_KB_of_the_log_base64_encoded()
    {
        await using LocalLambdaServer server = await Emulator.StartAsync(o => o.AddFunction("logs", async (invocation, response, ct) =>
        {
            for (int i = 0; i < 1000; i++)
            {
                await invocation.Log.WriteLineAsync($"log line {i:D4} é");
            }

            await response.WriteLineAsync("done", ct);
        }));
        using var client = new EmulatorClient(server);

        using HttpResponseMessage withTail = await client.InvokeAsync("logs", configure: r => r.Headers.Add("X-Amz-Log-Type", "Tail"));
        using HttpResponseMessage withoutTail = await client.InvokeAsync("logs");
        JsonElement tail = Events.SingleInvokeCompleteAtEnd(await client.ReadEventsAsync(withTail));
        JsonElement none = Events.SingleInvokeCompleteAtEnd(await client.ReadEventsAsync(withoutTail));

        byte[] log = Convert.FromBase64String(tail.GetProperty("LogResult").GetString()!);
        Assert.InRange(log.Length, 4096 - 3, 4096);
        Assert.EndsWith("log line 0999 é\n", Encoding.UTF8.GetString(log), StringComparison.Ordinal);
        Assert.False(none.TryGetProperty("LogResult", out _));
    }

    [Fact]
    public async Task DryRun_answers_204_without_a_body_and_without_running_the_function()
    {
        int runs = 0;
        await using LocalLambdaServer server = await Emulator.StartAsync(o => o.AddFunction("dry", (_, _, _) =>
        {
            Interlocked.Increment(ref runs);
            return Task.CompletedTask;
        }));
        using var client = new EmulatorClient(server);

        using HttpResponseMessage response = await client.InvokeAsync("dry", configure: r => r.Headers.Add("X-Amz-Invocation-Type", "DryRun"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(0, runs);
    }

    [Theory]
    [InlineData("versioned", null, null, "$LATEST")]
    [InlineData("versioned:$LATEST", null, "$LATEST", "$LATEST")]
    [InlineData("versioned:1", null, "1", "1")]
    [InlineData("versioned", "?Qualifier=live", "live", "2")]
    [InlineData("123456789012:function:versioned:live", null, "live", "2")]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:function:versioned", "?Qualifier=1", "1", "1")]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:function:versioned:live", "?Qualifier=live", "live", "2")]
    public async Task Function_is_addressed_by_name_partial_or_full_ARN_with_a_qualifier(string functionName, string? query, string? expectedQualifier, string expectedVersion)
    {
        await using LocalLambdaServer server = await Emulator.StartAsync(o => o
            .AddFunction("versioned", async (invocation, response, ct) => await response.WriteLineAsync($"{invocation.Qualifier}|{invocation.ExecutedVersion}", ct))
            .WithVersion("1")
            .WithAlias("live", "2"));
        using var client = new EmulatorClient(server);

        using HttpResponseMessage response = await client.InvokeAsync(functionName, query: query);
        List<EventStreamMessage> events = await client.ReadEventsAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expectedVersion, Assert.Single(response.Headers.GetValues("X-Amz-Executed-Version")));
        Assert.Equal($"{expectedQualifier}|{expectedVersion}\n", Events.PayloadText(events));
    }

    [Fact]
    public async Task Function_receives_payload_client_context_and_tenant()
    {
        string? seen = null;
        await using LocalLambdaServer server = await Emulator.StartAsync(o => o.AddFunction("context", (invocation, _, _) =>
        {
            seen = $"{invocation.ReadText()}|{invocation.ClientContext}|{invocation.TenantId}|{invocation.FunctionName}";
            return Task.CompletedTask;
        }));
        using var client = new EmulatorClient(server);
        string clientContext = Convert.ToBase64String("{\"custom\":{\"k\":\"v\"}}"u8);

        using HttpResponseMessage response = await client.InvokeAsync("context", "{\"q\":1}"u8.ToArray(), r =>
        {
            r.Headers.Add("X-Amz-Client-Context", clientContext);
            r.Headers.Add("X-Amz-Tenant-Id", "tenant-1");
        });
        await client.ReadEventsAsync(response);

        Assert.Equal("{\"q\":1}|{\"custom\":{\"k\":\"v\"}}|tenant-1|context", seen);
    }

    [Fact]
    public async Task Writes_larger_than_the_chunk_size_are_split_and_nothing_is_lost()
    {
        byte[] data = new byte[1_000_000];
        Random.Shared.NextBytes(data);
        await using LocalLambdaServer server = await Emulator.StartAsync(o =>
        {
            o.MaxChunkSize = 64 * 1024;
            o.AddFunction("big", async (_, response, ct) =>
            {
                await response.WriteAsync(data.AsMemory(0, 10), ct);
                await response.WriteAsync(data.AsMemory(10), ct);
            });
        });
        using var client = new EmulatorClient(server);

        using HttpResponseMessage response = await client.InvokeAsync("big");
        List<EventStreamMessage> events = await client.ReadEventsAsync(response);

        Assert.Equal(data, Events.Payload(events));
        Assert.All(events, e => Assert.True(e.Payload.Length <= 64 * 1024));
        Assert.True(events.Count >= 1_000_000 / (64 * 1024));
    }

    [Fact]
    public async Task Response_over_the_cap_ends_with_an_InvokeComplete_error()
    {
        LocalStreamStoppedException? seenByFunction = null;
        await using LocalLambdaServer server = await Emulator.StartAsync(o =>
        {
            o.MaxResponseBytes = 100_000;
            o.AddFunction("huge", async (_, response, ct) =>
            {
                try
                {
                    for (int i = 0; i < 100; i++)
                    {
                        await response.WriteAsync(new byte[10_000], ct);
                        await response.FlushAsync(ct);
                    }
                }
                catch (LocalStreamStoppedException exception)
                {
                    seenByFunction = exception;
                    throw;
                }
            });
        });
        using var client = new EmulatorClient(server);

        using HttpResponseMessage response = await client.InvokeAsync("huge");
        List<EventStreamMessage> events = await client.ReadEventsAsync(response);

        Assert.Equal(100_000, Events.Payload(events).Length);
        JsonElement complete = Events.SingleInvokeCompleteAtEnd(events);
        Assert.Equal("Function.ResponseSizeTooLarge", complete.GetProperty("ErrorCode").GetString());
        Assert.NotNull(seenByFunction);
    }

    [Fact]
    public async Task Two_hundred_concurrent_streaming_invocations_all_complete_correctly()
    {
        await using LocalLambdaServer server = await Emulator.StartAsync(o => o.AddFunction("count", async (invocation, response, ct) =>
        {
            int n = int.Parse(invocation.ReadText(), System.Globalization.CultureInfo.InvariantCulture);
            for (int i = 0; i < 20; i++)
            {
                await response.WriteLineAsync($"{n}:{i}", ct);
                await response.FlushAsync(ct);
                await Task.Yield();
            }
        }));
        using var client = new EmulatorClient(server);

        string[] results = await Task.WhenAll(Enumerable.Range(0, 200).Select(async n =>
        {
            using HttpResponseMessage response = await client.InvokeAsync("count", Encoding.UTF8.GetBytes(n.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            List<EventStreamMessage> events = await client.ReadEventsAsync(response);
            Events.SingleInvokeCompleteAtEnd(events);
            return Events.PayloadText(events);
        }));

        for (int n = 0; n < 200; n++)
        {
            Assert.Equal(string.Concat(Enumerable.Range(0, 20).Select(i => $"{n}:{i}\n")), results[n]);
        }
    }

    [Fact]
    public async Task Caller_disconnect_cancels_the_function()
    {
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using LocalLambdaServer server = await Emulator.StartAsync(o => o.AddFunction("endless", async (_, response, ct) =>
        {
            await using CancellationTokenRegistration registration = ct.Register(() => cancelled.TrySetResult());
            await response.WriteLineAsync("started", ct);
            await response.FlushAsync(ct);
            started.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
        }));
        using var client = new EmulatorClient(server);

        HttpResponseMessage response = await client.InvokeAsync("endless");
        await started.Task.WaitAsync(HangGuard);
        response.Dispose();

        await cancelled.Task.WaitAsync(HangGuard);
    }

    [Fact]
    public async Task Bandwidth_emulation_caps_the_stream_after_the_first_6_MB()
    {
        byte[] chunk = new byte[256 * 1024];
        await using LocalLambdaServer server = await Emulator.StartAsync(o =>
        {
            o.EmulateBandwidth = true;
            o.MaxChunkSize = chunk.Length;
            o.AddFunction("bulk", async (_, response, ct) =>
            {
                // 7 MB: 6 MB free, then 1 MB at 2 MB/s, so at least half a second.
                for (int i = 0; i < 28; i++)
                {
                    await response.WriteAsync(chunk, ct);
                }
            });
        });
        using var client = new EmulatorClient(server);

        var clock = Stopwatch.StartNew();
        using HttpResponseMessage response = await client.InvokeAsync("bulk");
        List<EventStreamMessage> events = await client.ReadEventsAsync(response);
        clock.Stop();

        Assert.Equal(7 * 1024 * 1024, Events.Payload(events).Length);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.45), $"7 MB arrived in {clock.Elapsed.TotalSeconds:F2} s; the cap allows no less than 0.5 s.");
    }

    // An HTTP/1.1 request over a bare socket, so the test sees the response's chunked framing, which HttpClient hides.
    private static async Task<byte[]> RawHttpPostAsync(Uri endpoint, string path)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var timeout = new CancellationTokenSource(HangGuard);
        await socket.ConnectAsync(endpoint.Host, endpoint.Port, timeout.Token);
        string request = $"POST /{path} HTTP/1.1\r\nHost: {endpoint.Authority}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        await socket.SendAsync(Encoding.ASCII.GetBytes(request), SocketFlags.None, timeout.Token);
        var response = new MemoryStream();
        byte[] buffer = new byte[64 * 1024];
        int read;
        while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0)
        {
            response.Write(buffer, 0, read);
        }

        return response.ToArray();
    }
}
