using System.Net;
using System.Text;
using LambdaStreamGen.EventStreams;
using LambdaStreamGen.Local;
using LambdaStreamGen.Tests.Support;

namespace LambdaStreamGen.Tests.Invocation;

public sealed class LambdaStreamingClientTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Raw_chunks_arrive_as_the_function_flushed_them_with_the_response_metadata()
    {
        await using var fixture = await ClientFixture.StartAsync(o => o.AddFunction("echo", ClientFixture.EchoLines).WithRawPayloads().WithAlias("live", "4"));

        await using LambdaResponseStream response = await fixture.Client.InvokeAsync(new LambdaStreamingRequest("echo") { Qualifier = "live" }.WithTextPayload("a\nbb\nccc"));
        var chunks = new List<string>();
        await foreach (ReadOnlyMemory<byte> chunk in response.ReadChunksAsync())
        {
            chunks.Add(Encoding.UTF8.GetString(chunk.Span));
        }

        Assert.Equal(["a\n", "bb\n", "ccc\n"], chunks);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("4", response.ExecutedVersion);
        Assert.Equal("application/octet-stream", response.ContentType);
        Assert.True(Guid.TryParse(response.RequestId, out _));
        Assert.Equal(1, response.Attempts);
        Assert.True(response.IsCompleted);
        Assert.NotNull(response.InvokeComplete);
        Assert.Null(response.InvokeComplete!.ErrorCode);
        Assert.Equal(9, response.PayloadBytesReceived);
    }

    [Fact]
    public async Task Json_lines_are_typed_records_and_text_lines_are_strings()
    {
        await using var fixture = await ClientFixture.StartAsync(o => o.AddFunction("rows", async (_, response, ct) =>
        {
            for (int i = 0; i < 5; i++)
            {
                await response.WriteJsonLineAsync(new Row(i, $"row é{i}", i / 2.0), TestJsonContext.Default.Row, ct);
                await response.FlushAsync(ct);
            }
        }));

        await using LambdaResponseStream typed = await fixture.Client.InvokeAsync(new LambdaStreamingRequest("rows"));
        var rows = new List<Row>();
        await foreach (Row row in typed.ReadJsonLinesAsync(TestJsonContext.Default.Row))
        {
            rows.Add(row);
        }

        await using LambdaResponseStream text = await fixture.Client.InvokeAsync(new LambdaStreamingRequest("rows"));
        var lines = new List<string>();
        await foreach (string line in text.ReadTextLinesAsync())
        {
            lines.Add(line);
        }

        Assert.Equal(Enumerable.Range(0, 5).Select(i => new Row(i, $"row é{i}", i / 2.0)), rows);
        Assert.Equal(5, lines.Count);
        Assert.All(lines, l => Assert.StartsWith("{\"id\":", l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AsStream_reads_the_payload_bytes()
    {
        byte[] data = new byte[300_000];
        Random.Shared.NextBytes(data);
        await using var fixture = await ClientFixture.StartAsync(o => o.AddFunction("bytes", async (_, response, ct) => await response.WriteAsync(data, ct)));

        LambdaResponseStream response = await fixture.Client.InvokeAsync(new LambdaStreamingRequest("bytes"));
        await using Stream stream = response.AsStream();
        var copy = new MemoryStream();
        await stream.CopyToAsync(copy);

        Assert.Equal(data, copy.ToArray());
        Assert.False(stream.CanSeek);
        Assert.Throws<NotSupportedException>(() => stream.Read(new byte[1], 0, 1));
    }

    [Fact]
    public async Task AsStream_honours_each_reads_own_token_not_only_the_first()
    {
        // Per-read timeouts (a new token for every ReadAsync, as StreamReader and pipe readers pass them) must cancel
        // a read that waits for the function, not only the token the first read happened to pass.
        (ClientFixture stalling, Task functionCancelled) = await StartStallingFunctionAsync("first");
        await using ClientFixture fixture = stalling;

        LambdaResponseStream response = await fixture.Client.InvokeAsync(new LambdaStreamingRequest("stalls"));
        await using Stream stream = response.AsStream();
        byte[] buffer = new byte[64];
        using (var first = new CancellationTokenSource())
        {
            Assert.Equal("first\n", System.Text.Encoding.UTF8.GetString(buffer, 0, await stream.ReadAsync(buffer, first.Token)));
        }

        using var second = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        OperationCanceledException cancelled = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => stream.ReadAsync(buffer, second.Token).AsTask()).WaitAsync(HangGuard);

        Assert.Equal(second.Token, cancelled.CancellationToken);
        await functionCancelled.WaitAsync(HangGuard);
    }

    [Fact]
    public async Task Disposing_AsStream_while_a_read_waits_ends_that_read_and_the_invocation()
    {
        (ClientFixture stalling, Task functionCancelled) = await StartStallingFunctionAsync(firstLine: null);
        await using ClientFixture fixture = stalling;

        LambdaResponseStream response = await fixture.Client.InvokeAsync(new LambdaStreamingRequest("stalls"));
        Stream stream = response.AsStream();
        Task<int> waiting = stream.ReadAsync(new byte[64]).AsTask();
        await Task.Delay(100);
        Assert.False(waiting.IsCompleted);

        // A caller that gave up on the read (a WaitAsync timeout, say) and disposes: no exception from disposal,
        // the read ends as cancelled, and the function hears that the caller left.
        await stream.DisposeAsync().AsTask().WaitAsync(HangGuard);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting).WaitAsync(HangGuard);
        await functionCancelled.WaitAsync(HangGuard);
    }

    // A function "stalls" that writes firstLine (when given) and then waits until the caller leaves; the task completes
    // once it has heard so.
    private static async Task<(ClientFixture Fixture, Task FunctionCancelled)> StartStallingFunctionAsync(string? firstLine)
    {
        var functionCancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        ClientFixture fixture = await ClientFixture.StartAsync(o => o.AddFunction("stalls", async (_, response, ct) =>
        {
            if (firstLine is not null)
            {
                await response.WriteLineAsync(firstLine, ct);
            }

            await response.FlushAsync(ct);
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            finally
            {
                functionCancelled.TrySetResult();
            }
        }));
        return (fixture, functionCancelled.Task);
    }

    [Fact]
    public async Task Function_error_is_thrown_after_every_earlier_item_was_yielded()
    {
        await using var fixture = await ClientFixture.StartAsync(o => o.AddFunction("fails", async (invocation, response, ct) =>
        {
            await invocation.Log.WriteLineAsync("about to fail");
            await response.WriteLineAsync("first", ct);
            await response.FlushAsync(ct);
            await response.WriteLineAsync("second", ct);
            throw new InvalidOperationException("the report broke");
        }));

        await using LambdaResponseStream response = await fixture.Client.InvokeAsync(new LambdaStreamingRequest("fails") { LogType = LambdaLogType.Tail });
        var lines = new List<string>();
        var exception = await Assert.ThrowsAsync<LambdaFunctionException>(async () =>
        {
            await foreach (string line in response.ReadTextLinesAsync())
            {
                lines.Add(line);
            }
        });

        Assert.Equal(["first", "second"], lines);
        Assert.Equal("Unhandled", exception.ErrorCode);
        Assert.Equal("InvalidOperationException", exception.ErrorType);
        Assert.Equal("the report broke", exception.ErrorMessage);
        Assert.NotEmpty(exception.FunctionStackTrace);
        Assert.Equal(response.RequestId, exception.RequestId);
        Assert.Equal("$LATEST", exception.ExecutedVersion);
        Assert.Contains("about to fail", exception.LogResult, StringComparison.Ordinal);
        Assert.Contains("the report broke", exception.Message, StringComparison.Ordinal);
        Assert.Contains("about to fail", response.LogResult, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stream_ending_without_InvokeComplete_is_truncated_not_complete()
    {
        await using var fixture = await ClientFixture.StartAsync(o => o.AddFunction("echo", ClientFixture.EchoLines).WithRawPayloads().InjectFault(LocalFault.EndStreamAfterPayloadBytes(5)));

        await using LambdaResponseStream response = await fixture.Client.InvokeAsync(new LambdaStreamingRequest("echo").WithTextPayload("abc\ndef\nghi"));
        var lines = new List<string>();
        var exception = await Assert.ThrowsAsync<LambdaStreamTruncatedException>(async () =>
        {
            await foreach (string line in response.ReadTextLinesAsync())
            {
                lines.Add(line);
            }
        });

        Assert.Equal(["abc"], lines);
        Assert.Equal(5, exception.PayloadBytesReceived);
        Assert.Equal(2, exception.ChunksReceived);
        Assert.False(response.IsCompleted);
        Assert.Contains("without InvokeComplete", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connection_reset_mid_stream_is_truncation()
    {
        await using var fixture = await ClientFixture.StartAsync(o => o.AddFunction("echo", async (invocation, response, ct) =>
        {
            await ClientFixture.EchoLines(invocation, response, ct);
        }).WithRawPayloads().InjectFault(LocalFault.ResetConnectionAfterPayloadBytes(6)));

        Exception exception = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using LambdaResponseStream response = await fixture.Client.InvokeAsync(new LambdaStreamingRequest("echo").WithTextPayload("abc\ndef\nghi") );
            await foreach (ReadOnlyMemory<byte> _ in response.ReadChunksAsync())
            {
            }
        });

        // A reset can overtake the headers (then no stream was handed out, and the call is a connection failure).
        Assert.True(exception is LambdaStreamTruncatedException or LambdaServiceException { ErrorCode: "ConnectionFailure" }, exception.ToString());
    }

    [Fact]
    public async Task Corrupt_frame_throws_the_codec_error_after_the_good_chunks()
    {
        await using var fixture = await ClientFixture.StartAsync(o => o.AddFunction("echo", ClientFixture.EchoLines).WithRawPayloads().InjectFault(LocalFault.CorruptMessageCrc(1)));

        await using LambdaResponseStream response = await fixture.Client.InvokeAsync(new LambdaStreamingRequest("echo").WithTextPayload("abc\ndef"));
        var lines = new List<string>();
        var exception = await Assert.ThrowsAsync<EventStreamFormatException>(async () =>
        {
            await foreach (string line in response.ReadTextLinesAsync())
            {
                lines.Add(line);
            }
        });

        Assert.Equal(["abc"], lines);
        Assert.Equal(EventStreamFormatError.MessageChecksumMismatch, exception.Reason);
    }

    [Theory]
    [InlineData("exception")]
    [InlineData("error")]
    public async Task In_stream_error_messages_throw_LambdaStreamErrorException(string kind)
    {
        LocalFault fault = kind == "exception" ? LocalFault.InStreamException("ServiceException", "stream failed") : LocalFault.InStreamError("InternalFailure", "stream failed");
        await using var fixture = await ClientFixture.StartAsync(o => o.AddFunction("echo", ClientFixture.EchoLines).WithRawPayloads().InjectFault(fault));

        await using LambdaResponseStream response = await fixture.Client.InvokeAsync(new LambdaStreamingRequest("echo").WithTextPayload("abc"));
        var exception = await Assert.ThrowsAsync<LambdaStreamErrorException>(async () =>
        {
            await foreach (ReadOnlyMemory<byte> _ in response.ReadChunksAsync())
            {
            }
        });

        Assert.Equal(kind == "exception" ? LambdaStreamErrorKind.Exception : LambdaStreamErrorKind.Error, exception.Kind);
        Assert.Equal(kind == "exception" ? "ServiceException" : "InternalFailure", exception.Code);
        Assert.Equal("stream failed", exception.ErrorMessage);
        Assert.Equal("echo", exception.FunctionName);
        Assert.Equal(response.RequestId, exception.RequestId);
        Assert.NotNull(exception.RequestId);
    }

    [Fact]
    public async Task Unknown_events_are_skipped()
    {
        await using var fixture = await ClientFixture.StartAsync(o => o.AddFunction("echo", ClientFixture.EchoLines).WithRawPayloads().InjectFault(LocalFault.UnknownEvent()));

        await using LambdaResponseStream response = await fixture.Client.InvokeAsync(new LambdaStreamingRequest("echo").WithTextPayload("abc\ndef"));
        var lines = new List<string>();
        await foreach (string line in response.ReadTextLinesAsync())
        {
            lines.Add(line);
        }

        Assert.Equal(["abc", "def"], lines);
        Assert.True(response.IsCompleted);
    }

    [Fact]
    public async Task Service_error_before_the_stream_is_LambdaServiceException_without_retry()
    {
        await using var fixture = await ClientFixture.StartAsync(o => o.AddFunction("echo", ClientFixture.EchoLines).WithRawPayloads());

        var exception = await Assert.ThrowsAsync<LambdaServiceException>(() => fixture.Client.InvokeAsync(new LambdaStreamingRequest("missing")));

        Assert.Equal(HttpStatusCode.NotFound, exception.StatusCode);
        Assert.Equal("ResourceNotFoundException", exception.ErrorCode);
        Assert.Contains("function:missing", exception.ErrorMessage, StringComparison.Ordinal);
        Assert.False(exception.IsRetryable);
        Assert.Equal(1, exception.Attempts);
        Assert.NotNull(exception.RequestId);
    }

    [Fact]
    public async Task Throttled_call_is_retried_and_succeeds()
    {
        await using var fixture = await ClientFixture.StartAsync(o => o.AddFunction("echo", ClientFixture.EchoLines).WithRawPayloads().InjectFaultOnce(1, LocalFault.Throttle(TimeSpan.Zero)));

        await using LambdaResponseStream response = await fixture.Client.InvokeAsync(new LambdaStreamingRequest("echo").WithTextPayload("ok"));
        await foreach (ReadOnlyMemory<byte> _ in response.ReadChunksAsync())
        {
        }

        Assert.Equal(2, response.Attempts);
        Assert.True(response.IsCompleted);
    }

    [Fact]
    public async Task Persistent_500_gives_up_after_MaxAttempts_with_the_count()
    {
        await using var fixture = await ClientFixture.StartAsync(o => o.AddFunction("echo", ClientFixture.EchoLines).WithRawPayloads().InjectFault(LocalFault.ServiceError(500, "ServiceException", "down")));

        var exception = await Assert.ThrowsAsync<LambdaServiceException>(() => fixture.Client.InvokeAsync(new LambdaStreamingRequest("echo")));

        Assert.Equal(3, exception.Attempts);
        Assert.Equal("ServiceException", exception.ErrorCode);
        Assert.True(exception.IsRetryable);
        Assert.Equal(3, fixture.Server.Options.Functions["echo"].InvocationCount);
    }

    [Fact]
    public async Task Throttling_exposes_reason_and_retry_after_when_retries_are_off()
    {
        await using var fixture = await ClientFixture.StartAsync(
            o => o.AddFunction("echo", ClientFixture.EchoLines).WithRawPayloads().InjectFault(LocalFault.Throttle(TimeSpan.FromSeconds(7))),
            c => c.MaxAttempts = 1);

        var exception = await Assert.ThrowsAsync<LambdaServiceException>(() => fixture.Client.InvokeAsync(new LambdaStreamingRequest("echo")));

        Assert.True(exception.IsThrottling);
        Assert.Equal(TimeSpan.FromSeconds(7), exception.RetryAfter);
        Assert.Equal("ReservedFunctionConcurrentInvocationLimitExceeded", exception.ThrottlingReason);
        Assert.Equal(1, exception.Attempts);
    }

    [Fact]
    public async Task No_retry_once_the_stream_has_started()
    {
        await using var fixture = await ClientFixture.StartAsync(o => o.AddFunction("echo", ClientFixture.EchoLines).WithRawPayloads().InjectFault(LocalFault.EndStreamAfterPayloadBytes(3)));

        await using LambdaResponseStream response = await fixture.Client.InvokeAsync(new LambdaStreamingRequest("echo").WithTextPayload("abc\ndef"));
        await Assert.ThrowsAsync<LambdaStreamTruncatedException>(async () =>
        {
            await foreach (ReadOnlyMemory<byte> _ in response.ReadChunksAsync())
            {
            }
        });

        Assert.Equal(1, fixture.Server.Options.Functions["echo"].InvocationCount);
    }

    [Fact]
    public async Task Response_headers_timeout_names_itself_and_its_limit()
    {
        await using var fixture = await ClientFixture.StartAsync(
            o => o.AddFunction("echo", ClientFixture.EchoLines).WithRawPayloads().InjectFault(LocalFault.DelayFirstByte(TimeSpan.FromSeconds(10))),
            c => c.ResponseHeadersTimeout = TimeSpan.FromMilliseconds(200));

        var exception = await Assert.ThrowsAsync<LambdaTimeoutException>(() => fixture.Client.InvokeAsync(new LambdaStreamingRequest("echo")).WaitAsync(HangGuard));

        Assert.Equal(LambdaTimeoutKind.ResponseHeaders, exception.Kind);
        Assert.Equal(TimeSpan.FromMilliseconds(200), exception.Limit);
        Assert.Contains("ResponseHeaders", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Idle_timeout_fires_when_a_stream_goes_silent_and_says_how_much_arrived()
    {
        await using var fixture = await ClientFixture.StartAsync(
            o => o.AddFunction("stalls", async (_, response, ct) =>
            {
                await response.WriteLineAsync("one", ct);
                await response.FlushAsync(ct);
                await Task.Delay(Timeout.Infinite, ct);
            }),
            c => c.IdleTimeout = TimeSpan.FromSeconds(2));

        await using LambdaResponseStream response = await fixture.Client.InvokeAsync(new LambdaStreamingRequest("stalls"));
        var exception = await Assert.ThrowsAsync<LambdaTimeoutException>(async () =>
        {
            await foreach (ReadOnlyMemory<byte> _ in response.ReadChunksAsync())
            {
            }
        }).WaitAsync(HangGuard);

        // Two seconds is far longer than the first chunk takes even on a loaded machine, so the timeout fires in the
        // silence after it, and the error reports what arrived.
        Assert.Equal(LambdaTimeoutKind.Idle, exception.Kind);
        Assert.Equal(TimeSpan.FromSeconds(2), exception.Limit);
        Assert.True(exception.BodyBytesReceived > 4);
    }

    [Fact]
    public async Task A_stream_that_keeps_trickling_outlives_its_idle_timeout_many_times_over()
    {
        // Each chunk restarts the idle clock, so a stream three times as long as the limit, never silent for long,
        // completes: the timer armed at the start must not fire on the stream's age.
        await using var fixture = await ClientFixture.StartAsync(
            o => o.AddFunction("trickles", async (_, response, ct) =>
            {
                for (int i = 0; i < 30; i++)
                {
                    await response.WriteLineAsync(i.ToString(System.Globalization.CultureInfo.InvariantCulture), ct);
                    await response.FlushAsync(ct);
                    await Task.Delay(100, ct);
                }
            }),
            c => c.IdleTimeout = TimeSpan.FromSeconds(1));

        await using LambdaResponseStream response = await fixture.Client.InvokeAsync(new LambdaStreamingRequest("trickles"));
        var lines = new List<string>();
        await foreach (string line in response.ReadTextLinesAsync().WithCancellation(CancellationToken.None))
        {
            lines.Add(line);
        }

        Assert.Equal(30, lines.Count);
        Assert.True(response.IsCompleted);
    }

    [Fact]
    public async Task Total_timeout_covers_the_whole_stream()
    {
        await using var fixture = await ClientFixture.StartAsync(
            o => o.AddFunction("slow", async (_, response, ct) =>
            {
                while (true)
                {
                    await response.WriteLineAsync("tick", ct);
                    await response.FlushAsync(ct);
                    await Task.Delay(50, ct);
                }
            }),
            c => c.TotalTimeout = TimeSpan.FromSeconds(2));

        await using LambdaResponseStream response = await fixture.Client.InvokeAsync(new LambdaStreamingRequest("slow"));
        var exception = await Assert.ThrowsAsync<LambdaTimeoutException>(async () =>
        {
            await foreach (ReadOnlyMemory<byte> _ in response.ReadChunksAsync())
            {
            }
        }).WaitAsync(HangGuard);

        // Two seconds leaves room for a cold test host (its thread pool was seen to stall for most of a second), so
        // the limit fires mid-stream, after the ticks that arrived, as the test means it to.
        Assert.Equal(LambdaTimeoutKind.Total, exception.Kind);
        Assert.Equal(TimeSpan.FromSeconds(2), exception.Limit);
        Assert.True(exception.BodyBytesReceived > 0);
    }

    [Fact]
    public async Task Cancellation_mid_stream_is_not_wrapped_and_frees_the_client_for_the_next_call()
    {
        await using var fixture = await ClientFixture.StartAsync(o =>
        {
            o.AddFunction("endless", async (_, response, ct) =>
            {
                while (true)
                {
                    await response.WriteLineAsync("tick", ct);
                    await response.FlushAsync(ct);
                    await Task.Delay(20, ct);
                }
            });
            o.AddFunction("echo", ClientFixture.EchoLines).WithRawPayloads();
        });
        using var cancellation = new CancellationTokenSource();

        await using (LambdaResponseStream response = await fixture.Client.InvokeAsync(new LambdaStreamingRequest("endless")))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            {
                await foreach (ReadOnlyMemory<byte> _ in response.ReadChunksAsync().WithCancellation(cancellation.Token))
                {
                    await cancellation.CancelAsync();
                }
            }).WaitAsync(HangGuard);
        }

        await using LambdaResponseStream next = await fixture.Client.InvokeAsync(new LambdaStreamingRequest("echo").WithTextPayload("after"));
        var lines = new List<string>();
        await foreach (string line in next.ReadTextLinesAsync())
        {
            lines.Add(line);
        }

        Assert.Equal(["after"], lines);
    }

    [Fact]
    public async Task Session_credentials_and_ARNs_with_qualifiers_are_signed_correctly()
    {
        var temporary = new LocalCredentials("ASIACLIENTSESSION001", "client-session-secret", "client-session-token");
        await using var fixture = await ClientFixture.StartAsync(o =>
        {
            o.Credentials.Clear();
            o.Credentials.Add(temporary);
            o.AddFunction("echo", ClientFixture.EchoLines).WithRawPayloads().WithAlias("blue-green_1", "2");
        });

        await using LambdaResponseStream response = await fixture.Client.InvokeAsync(
            new LambdaStreamingRequest("arn:aws:lambda:us-east-1:123456789012:function:echo:blue-green_1").WithTextPayload("signed ✓"));
        var lines = new List<string>();
        await foreach (string line in response.ReadTextLinesAsync())
        {
            lines.Add(line);
        }

        Assert.Equal(["signed ✓"], lines);
        Assert.Equal("2", response.ExecutedVersion);
    }

    [Fact]
    public async Task A_response_can_be_enumerated_once()
    {
        await using var fixture = await ClientFixture.StartAsync(o => o.AddFunction("echo", ClientFixture.EchoLines).WithRawPayloads());

        await using LambdaResponseStream response = await fixture.Client.InvokeAsync(new LambdaStreamingRequest("echo").WithTextPayload("x"));
        _ = response.ReadChunksAsync();

        Assert.Throws<InvalidOperationException>(() => response.ReadTextLinesAsync());
        Assert.Throws<InvalidOperationException>(() => response.AsStream());
    }

    [Fact]
    public async Task DryRun_returns_204_with_an_empty_completed_stream()
    {
        bool ran = false;
        await using var fixture = await ClientFixture.StartAsync(o => o.AddFunction("echo", (_, _, _) =>
        {
            ran = true;
            return Task.CompletedTask;
        }));

        await using LambdaResponseStream response = await fixture.Client.InvokeAsync(new LambdaStreamingRequest("echo") { InvocationType = LambdaInvocationType.DryRun });
        int chunks = 0;
        await foreach (ReadOnlyMemory<byte> _ in response.ReadChunksAsync())
        {
            chunks++;
        }

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(0, chunks);
        Assert.True(response.IsCompleted);
        Assert.False(ran);
    }

    [Fact]
    public async Task Client_context_and_tenant_reach_the_function()
    {
        string? seen = null;
        await using var fixture = await ClientFixture.StartAsync(o => o.AddFunction("ctx", (invocation, _, _) =>
        {
            seen = $"{invocation.ClientContext}|{invocation.TenantId}";
            return Task.CompletedTask;
        }));

        var request = new LambdaStreamingRequest("ctx") { TenantId = "tenant-7" }
            .WithClientContext(new Dictionary<string, string> { ["app"] = "tests" }, TestJsonContext.Default.DictionaryStringString);
        await using LambdaResponseStream response = await fixture.Client.InvokeAsync(request);
        await foreach (ReadOnlyMemory<byte> _ in response.ReadChunksAsync())
        {
        }

        Assert.Equal("{\"app\":\"tests\"}|tenant-7", seen);
    }

    [Fact]
    public async Task Wrong_secret_is_a_service_error_that_never_prints_credentials_or_signatures()
    {
        const string Secret = "definitely-not-the-secret-value";
        await using var fixture = await ClientFixture.StartAsync(
            o => o.AddFunction("echo", ClientFixture.EchoLines).WithRawPayloads(),
            c => c.Credentials = new Amazon.Runtime.BasicAWSCredentials(LocalCredentials.Test.AccessKeyId, Secret));

        var exception = await Assert.ThrowsAsync<LambdaServiceException>(() => fixture.Client.InvokeAsync(new LambdaStreamingRequest("echo")));

        Assert.Equal(HttpStatusCode.Forbidden, exception.StatusCode);
        Assert.Equal("InvalidSignatureException", exception.ErrorCode);
        Assert.DoesNotContain(Secret, exception.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Signature=", exception.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Credential=", exception.ToString(), StringComparison.Ordinal);
    }
}
