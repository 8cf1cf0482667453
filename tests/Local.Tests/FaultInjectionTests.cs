using System.Diagnostics;
using System.Net;
using System.Text;
using LambdaStreamGen.EventStreams;
using LambdaStreamGen.Local.Tests.Support;

namespace LambdaStreamGen.Local.Tests;

public sealed class FaultInjectionTests
{
    private static readonly byte[] TenLines = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 10).Select(i => $"line {i}\n")));

    [Fact]
    public async Task Throttle_next_calls_answers_429_with_Retry_After_then_serves_again()
    {
        await using LocalLambdaServer server = await Emulator.StartAsync(o => o.AddFunction("f", Emulator.EchoLines).WithRawPayloads().InjectFaultOnce(2, LocalFault.Throttle(TimeSpan.FromSeconds(3))));
        using var client = new EmulatorClient(server);

        using HttpResponseMessage first = await client.InvokeAsync("f", TenLines);
        using HttpResponseMessage second = await client.InvokeAsync("f", TenLines);
        using HttpResponseMessage third = await client.InvokeAsync("f", TenLines);

        await RequestValidationTests.AssertErrorAsync(first, HttpStatusCode.TooManyRequests, "TooManyRequestsException", "Rate Exceeded");
        Assert.Equal(TimeSpan.FromSeconds(3), first.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        Assert.Equal(TenLines, Events.Payload(await client.ReadEventsAsync(third)));
    }

    [Fact]
    public async Task Service_error_fault_answers_the_given_status_and_error_type_on_every_call()
    {
        await using LocalLambdaServer server = await Emulator.StartAsync(o => o.AddFunction("f", Emulator.EchoLines).WithRawPayloads().InjectFault(LocalFault.ServiceError(502, "EC2UnexpectedException", "boom")));
        using var client = new EmulatorClient(server);

        for (int i = 0; i < 2; i++)
        {
            using HttpResponseMessage response = await client.InvokeAsync("f");
            await RequestValidationTests.AssertErrorAsync(response, HttpStatusCode.BadGateway, "EC2UnexpectedException", "boom");
        }
    }

    [Fact]
    public async Task Delay_first_byte_holds_the_response_headers_back()
    {
        await using LocalLambdaServer server = await Emulator.StartAsync(o => o.AddFunction("f", Emulator.EchoLines).WithRawPayloads().InjectFaultOnce(1, LocalFault.DelayFirstByte(TimeSpan.FromMilliseconds(300))));
        using var client = new EmulatorClient(server);

        var clock = Stopwatch.StartNew();
        using HttpResponseMessage response = await client.InvokeAsync("f", TenLines);
        TimeSpan headers = clock.Elapsed;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(headers >= TimeSpan.FromMilliseconds(290), $"Headers arrived after {headers.TotalMilliseconds:F0} ms; the fault delays them by 300 ms.");
    }

    [Fact]
    public async Task End_stream_after_N_bytes_delivers_exactly_N_bytes_and_no_InvokeComplete()
    {
        await using LocalLambdaServer server = await Emulator.StartAsync(o => o.AddFunction("f", Emulator.EchoLines).WithRawPayloads().InjectFault(LocalFault.EndStreamAfterPayloadBytes(25)));
        using var client = new EmulatorClient(server);

        using HttpResponseMessage response = await client.InvokeAsync("f", TenLines);
        List<EventStreamMessage> events = await client.ReadEventsAsync(response);

        Assert.Equal(TenLines.AsSpan(0, 25).ToArray(), Events.Payload(events));
        Assert.DoesNotContain(events, e => Events.EventType(e) == "InvokeComplete");
    }

    [Fact]
    public async Task Reset_connection_after_N_bytes_fails_the_read()
    {
        await using LocalLambdaServer server = await Emulator.StartAsync(o => o.AddFunction("f", Emulator.EchoLines).WithRawPayloads().InjectFault(LocalFault.ResetConnectionAfterPayloadBytes(25)));
        using var client = new EmulatorClient(server);

        // A reset can overtake bytes still in flight (the peer's receive buffer is discarded), so it may surface while
        // the headers are read or while the body is: either way as a network failure, never as a clean end.
        Exception exception = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            using HttpResponseMessage response = await client.InvokeAsync("f", TenLines);
            await client.ReadEventsAsync(response);
        });

        Assert.True(exception is IOException or HttpRequestException, $"Expected a network failure, got {exception}");
    }

    [Fact]
    public async Task Corrupt_CRC_of_the_Nth_message_is_caught_by_the_reader_at_that_message()
    {
        await using LocalLambdaServer server = await Emulator.StartAsync(o => o.AddFunction("f", Emulator.EchoLines).WithRawPayloads().InjectFault(LocalFault.CorruptMessageCrc(2)));
        using var client = new EmulatorClient(server);

        using HttpResponseMessage response = await client.InvokeAsync("f", TenLines);
        await using var reader = new EventStreamReader(await response.Content.ReadAsStreamAsync());
        EventStreamMessage first = (await reader.ReadAsync())!;
        EventStreamMessage second = (await reader.ReadAsync())!;
        var exception = await Assert.ThrowsAsync<EventStreamFormatException>(async () => await reader.ReadAsync());

        Assert.Equal("line 0\nline 1\n", Events.PayloadText([first, second]));
        Assert.Equal(EventStreamFormatError.MessageChecksumMismatch, exception.Reason);
        Assert.Equal(EventStreamWriter.GetEncodedLength(first) + EventStreamWriter.GetEncodedLength(second), exception.MessageOffset);
    }

    [Fact]
    public async Task In_stream_exception_replaces_InvokeComplete()
    {
        await using LocalLambdaServer server = await Emulator.StartAsync(o => o.AddFunction("f", Emulator.EchoLines).WithRawPayloads().InjectFault(LocalFault.InStreamException("ServiceException", "stream broke")));
        using var client = new EmulatorClient(server);

        using HttpResponseMessage response = await client.InvokeAsync("f", TenLines);
        List<EventStreamMessage> events = await client.ReadEventsAsync(response);

        Assert.Equal(TenLines, Events.Payload(events));
        EventStreamMessage last = events[^1];
        Assert.Equal("exception", Events.MessageType(last));
        Assert.Equal("ServiceException", last.GetStringHeader(":exception-type"));
        Assert.Equal("{\"message\":\"stream broke\"}", Encoding.UTF8.GetString(last.Payload.Span));
        Assert.DoesNotContain(events, e => Events.EventType(e) == "InvokeComplete");
    }

    [Fact]
    public async Task In_stream_error_replaces_InvokeComplete()
    {
        await using LocalLambdaServer server = await Emulator.StartAsync(o => o.AddFunction("f", Emulator.EchoLines).WithRawPayloads().InjectFault(LocalFault.InStreamError("InternalFailure", "try later")));
        using var client = new EmulatorClient(server);

        using HttpResponseMessage response = await client.InvokeAsync("f", TenLines);
        List<EventStreamMessage> events = await client.ReadEventsAsync(response);

        EventStreamMessage last = events[^1];
        Assert.Equal("error", Events.MessageType(last));
        Assert.Equal("InternalFailure", last.GetStringHeader(":error-code"));
        Assert.Equal("try later", last.GetStringHeader(":error-message"));
        Assert.True(last.Payload.IsEmpty);
    }

    [Fact]
    public async Task Unknown_event_comes_before_the_first_chunk_and_the_stream_still_completes()
    {
        await using LocalLambdaServer server = await Emulator.StartAsync(o => o.AddFunction("f", Emulator.EchoLines).WithRawPayloads().InjectFaultOnce(1, LocalFault.UnknownEvent("FutureEvent")));
        using var client = new EmulatorClient(server);

        using HttpResponseMessage response = await client.InvokeAsync("f", TenLines);
        List<EventStreamMessage> events = await client.ReadEventsAsync(response);

        Assert.Equal("FutureEvent", Events.EventType(events[0]));
        Assert.Equal(TenLines, Events.Payload(events));
        Events.SingleInvokeCompleteAtEnd(events);
    }
}
