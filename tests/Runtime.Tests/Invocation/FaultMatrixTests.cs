using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using LambdaStreamGen.EventStreams;
using LambdaStreamGen.Local;
using LambdaStreamGen.Tests.Support;
using Microsoft.AspNetCore.Http;
using Xunit.Abstractions;

namespace LambdaStreamGen.Tests.Invocation;

/// <summary>
/// The fault matrix over real loopback HTTP: resets and clean ends at every kind of position, a trickling server,
/// hostile framing and a slow reader. Each case ends in its documented exception (or its documented success) well
/// inside the client's timeouts, and the same client then completes a normal call.
/// </summary>
public sealed class FaultMatrixTests(ITestOutputHelper output)
{
    private static readonly byte[] FirstPayload = "first-chunk\n"u8.ToArray();
    private static readonly byte[] SecondPayload = "second\n"u8.ToArray();
    private static readonly byte[] BothPayloads = [.. FirstPayload, .. SecondPayload];

    private static readonly byte[] FirstMessage = MessageFactory.Encode(MessageFactory.Event("PayloadChunk", FirstPayload));

    private static readonly byte[] FullBody = MessageFactory.Encode(
        MessageFactory.Event("PayloadChunk", FirstPayload),
        MessageFactory.Event("PayloadChunk", SecondPayload),
        MessageFactory.Event("InvokeComplete", "{}"u8.ToArray()));

    public enum Position
    {
        InsidePrelude,
        InsideHeaders,
        InsidePayload,
        BetweenMessages,
    }

    public enum Ending
    {
        /// <summary>The server aborts the connection (TCP reset).</summary>
        Reset,

        /// <summary>The server ends the HTTP response properly, without the rest of the body.</summary>
        CleanEnd,
    }

    public static TheoryData<Position, Ending> Cuts()
    {
        var data = new TheoryData<Position, Ending>();
        foreach (Position position in Enum.GetValues<Position>())
        {
            foreach (Ending ending in Enum.GetValues<Ending>())
            {
                data.Add(position, ending);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cuts))]
    public async Task A_body_cut_anywhere_before_InvokeComplete_is_truncation_and_the_client_stays_usable(Position position, Ending ending)
    {
        int cutAt = Offset(position);
        var streamHandedOut = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await ScriptedServer.StartAsync(async (context, request) =>
        {
            if (request > 1)
            {
                await ScriptedServer.SendAsync(context, FullBody);
                return;
            }

            await ScriptedServer.SendAsync(context, FullBody.AsMemory(0, cutAt));
            if (ending == Ending.Reset)
            {
                // Reset only once the client holds the response: a reset that overtook the headers would be a
                // connection failure before the stream, a different (retryable) case.
                await streamHandedOut.Task.WaitAsync(TimeSpan.FromSeconds(30));
                context.Abort();
            }
        });
        using var client = new LambdaStreamingClient(WithTimeouts(server.ClientOptions(), idle: TimeSpan.FromSeconds(20)));

        var received = new List<byte>();
        LambdaStreamTruncatedException exception;
        await using (LambdaResponseStream response = await client.InvokeAsync(new LambdaStreamingRequest("cut-fn")))
        {
            streamHandedOut.SetResult();
            exception = await Assert.ThrowsAsync<LambdaStreamTruncatedException>(async () =>
            {
                await foreach (ReadOnlyMemory<byte> chunk in response.ReadChunksAsync())
                {
                    received.AddRange(chunk.ToArray());
                }
            });
            Assert.False(response.IsCompleted);
        }

        byte[] expected = position == Position.BetweenMessages ? FirstPayload : [];
        if (ending == Ending.CleanEnd)
        {
            // Everything that was sent arrived; exactly the complete messages were handed out, and counted.
            Assert.Equal(expected, received);
            Assert.Equal(expected.Length, exception.PayloadBytesReceived);
            Assert.Equal(expected.Length == 0 ? 0 : 1, exception.ChunksReceived);
            Assert.Equal(cutAt, exception.BodyBytesReceived);
            if (position != Position.BetweenMessages)
            {
                var cause = Assert.IsType<EventStreamFormatException>(exception.InnerException);
                Assert.Equal(EventStreamFormatError.TruncatedMessage, cause.Reason);
            }
        }
        else
        {
            // A reset may discard bytes still in flight, never invent any.
            Assert.Equal(expected.AsSpan(0, received.Count).ToArray(), received);
            Assert.Equal(received.Count, exception.PayloadBytesReceived);
        }

        Assert.Contains("without InvokeComplete", exception.Message, StringComparison.Ordinal);
        await AssertClientStillWorksAsync(client);
    }

    [Fact]
    public async Task A_server_sending_one_byte_every_10_ms_completes_under_the_idle_timeout_and_hits_the_total_timeout()
    {
        byte[] payload = [.. Enumerable.Repeat((byte)'x', 300), (byte)'\n'];
        byte[] trickled = MessageFactory.Encode(MessageFactory.Event("PayloadChunk", payload), MessageFactory.Event("InvokeComplete", "{}"u8.ToArray()));
        await using var server = await ScriptedServer.StartAsync(async (context, request) =>
        {
            if (request > 2)
            {
                await ScriptedServer.SendAsync(context, FullBody);
                return;
            }

            for (int i = 0; i < trickled.Length; i++)
            {
                await ScriptedServer.SendAsync(context, trickled.AsMemory(i, 1));
                await Task.Delay(10, context.RequestAborted);
            }
        });

        // Every byte restarts the idle clock, so a trickle is slow, not dead: it completes with every byte, although
        // its first message takes over four seconds to arrive and the idle limit is two. (The limit leaves room for a
        // test host's cold thread pool, which was seen to stall a run here for most of a second.)
        using (var patient = new LambdaStreamingClient(WithTimeouts(server.ClientOptions(), idle: TimeSpan.FromSeconds(2))))
        {
            Assert.Equal(payload, await ReadAllAsync(patient));
        }

        // The total timeout bounds it all the same, says which limit fired, and how much had arrived.
        using var client = new LambdaStreamingClient(WithTimeouts(server.ClientOptions(), idle: TimeSpan.FromSeconds(2), total: TimeSpan.FromMilliseconds(800)));
        var exception = await Assert.ThrowsAsync<LambdaTimeoutException>(() => ReadAllAsync(client));
        Assert.Equal(LambdaTimeoutKind.Total, exception.Kind);
        Assert.Equal(TimeSpan.FromMilliseconds(800), exception.Limit);
        Assert.InRange(exception.BodyBytesReceived, 1, trickled.Length - 1);
        Assert.Contains("800", exception.Message, StringComparison.Ordinal);

        // The third call on the same server is served at once, by a client with the same short limit.
        Assert.Equal(BothPayloads, await ReadAllAsync(client));
    }

    [Theory]
    [InlineData(uint.MaxValue)]
    [InlineData((uint)EventStreamReaderOptions.DefaultMaxMessageSize + 1)]
    public async Task A_prelude_claiming_more_than_the_message_limit_fails_at_once_without_waiting_for_the_bytes(uint claimedLength)
    {
        await using var server = await ScriptedServer.StartAsync(async (context, request) =>
        {
            if (request > 1)
            {
                await ScriptedServer.SendAsync(context, FullBody);
                return;
            }

            // Only the 12-byte prelude (with a valid CRC), then silence: a reader that trusted the length would sit
            // here until the idle timeout instead of failing.
            await ScriptedServer.SendAsync(context, Prelude(claimedLength, headersLength: 0));
            await ScriptedServer.HoldUntilClientLeavesAsync(context);
        });
        using var client = new LambdaStreamingClient(WithTimeouts(server.ClientOptions(), idle: TimeSpan.FromSeconds(60)));

        var exception = await Assert.ThrowsAsync<EventStreamFormatException>(() => ReadAllAsync(client));

        Assert.Equal(EventStreamFormatError.MessageTooLarge, exception.Reason);
        Assert.Equal(0, exception.MessageOffset);
        Assert.Contains(claimedLength.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), exception.Message, StringComparison.Ordinal);
        await AssertClientStillWorksAsync(client);
    }

    [Fact]
    public async Task A_message_with_ten_thousand_headers_is_read_and_its_payload_delivered()
    {
        // 10,000 headers in 70 KB are within every limit (Smithy: 128 KiB of headers); the extra ones carry no meaning
        // for Lambda and must neither break nor stall the reader.
        var headers = new List<EventStreamHeader>(MessageFactory.Event("PayloadChunk", []).Headers);
        for (int i = headers.Count; i < 10_000; i++)
        {
            headers.Add(new EventStreamHeader($"x{i:D4}", EventStreamHeaderValue.FromBoolean(true)));
        }

        byte[] payload = "after 10,000 headers\n"u8.ToArray();
        byte[] body = MessageFactory.Encode(new EventStreamMessage(headers, payload), MessageFactory.Event("InvokeComplete", "{}"u8.ToArray()));
        await using var server = await ScriptedServer.StartAsync((context, request) => ScriptedServer.SendAsync(context, request > 1 ? FullBody : body));
        using var client = new LambdaStreamingClient(WithTimeouts(server.ClientOptions(), idle: TimeSpan.FromSeconds(30)));

        Assert.Equal(payload, await ReadAllAsync(client));
        await AssertClientStillWorksAsync(client);
    }

    [Fact]
    public async Task A_payload_of_16_MiB_plus_one_byte_arrives_intact()
    {
        // Above Go SDK v1's 16 MiB payload limit, within the Smithy limit the reader enforces (24 MiB): accepted,
        // held as one frame, delivered byte for byte.
        byte[] payload = new byte[(16 * 1024 * 1024) + 1];
        new Random(16).NextBytes(payload);
        byte[] body = MessageFactory.Encode(MessageFactory.Event("PayloadChunk", payload), MessageFactory.Event("InvokeComplete", "{}"u8.ToArray()));
        await using var server = await ScriptedServer.StartAsync((context, request) => ScriptedServer.SendAsync(context, request > 1 ? FullBody : body));
        using var client = new LambdaStreamingClient(WithTimeouts(server.ClientOptions(), idle: TimeSpan.FromSeconds(30)));

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long bytes = 0;
        await using (LambdaResponseStream response = await client.InvokeAsync(new LambdaStreamingRequest("big-fn")))
        {
            await foreach (ReadOnlyMemory<byte> chunk in response.ReadChunksAsync())
            {
                hash.AppendData(chunk.Span);
                bytes += chunk.Length;
            }

            Assert.True(response.IsCompleted);
        }

        Assert.Equal(payload.Length, bytes);
        Assert.Equal(SHA256.HashData(payload), hash.GetHashAndReset());
        await AssertClientStillWorksAsync(client);
    }

    [Fact]
    public async Task A_slow_reader_holds_back_a_fast_function_instead_of_the_server_buffering_its_output()
    {
        const int ChunkSize = 64 * 1024;
        const long Limit = 1L << 30;
        long written = 0;
        await using var fixture = await ClientFixture.StartAsync(o =>
        {
            o.AddFunction("firehose", async (invocation, response, cancellationToken) =>
            {
                byte[] chunk = new byte[ChunkSize];
                while (Volatile.Read(ref written) < Limit)
                {
                    await response.WriteAsync(chunk, cancellationToken);
                    await response.FlushAsync(cancellationToken);
                    Interlocked.Add(ref written, ChunkSize);
                }
            });
            o.AddFunction("echo", ClientFixture.EchoLines).WithRawPayloads();
        });

        long read = 0;
        await using (LambdaResponseStream response = await fixture.Client.InvokeAsync(new LambdaStreamingRequest("firehose")))
        {
            await using IAsyncEnumerator<ReadOnlyMemory<byte>> chunks = response.ReadChunksAsync().GetAsyncEnumerator();
            Assert.True(await chunks.MoveNextAsync());
            read += chunks.Current.Length;

            // Stop reading. The function must stall once the kernel's and Kestrel's bounded buffers are full.
            long stalledAt = await WaitUntilSteadyAsync(() => Volatile.Read(ref written));
            Assert.True(stalledAt < Limit, "the function wrote its whole output to a reader that was not reading");
            long buffered = stalledAt - read;
            output.WriteLine($"function stalled after {stalledAt:N0} bytes with {read:N0} read: {buffered:N0} bytes in buffers");

            // What is in flight is what the loopback socket buffers hold (about 4 MiB here); Kestrel's response buffer
            // is 64 KiB and the client's read buffer 128 KiB. Nothing may hold more.
            Assert.InRange(buffered, 0, 16L * 1024 * 1024);

            // Reading again releases the function.
            for (int i = 0; i < 200 && await chunks.MoveNextAsync(); i++)
            {
                read += chunks.Current.Length;
            }

            Assert.True(read > ChunkSize);
            Assert.True(await WaitUntilSteadyAsync(() => Volatile.Read(ref written)) >= stalledAt);
        }

        // Disposing mid-stream aborted the response; the same client goes on.
        await using LambdaResponseStream next = await fixture.Client.InvokeAsync(new LambdaStreamingRequest("echo").WithTextPayload("still\nworks"));
        Assert.Equal(["still", "works"], await next.ReadTextLinesAsync().ToListAsync());
    }

    private static int Offset(Position position)
    {
        int headersLength = BinaryPrimitives.ReadInt32BigEndian(FirstMessage.AsSpan(4));
        return position switch
        {
            Position.InsidePrelude => 5,
            Position.InsideHeaders => 12 + (headersLength / 2),
            Position.InsidePayload => 12 + headersLength + (FirstPayload.Length / 2),
            _ => FirstMessage.Length,
        };
    }

    private static byte[] Prelude(uint totalLength, uint headersLength)
    {
        byte[] prelude = new byte[12];
        BinaryPrimitives.WriteUInt32BigEndian(prelude, totalLength);
        BinaryPrimitives.WriteUInt32BigEndian(prelude.AsSpan(4), headersLength);
        BinaryPrimitives.WriteUInt32BigEndian(prelude.AsSpan(8), System.IO.Hashing.Crc32.HashToUInt32(prelude.AsSpan(0, 8)));
        return prelude;
    }

    private static LambdaStreamingClientOptions WithTimeouts(LambdaStreamingClientOptions options, TimeSpan idle, TimeSpan? total = null)
    {
        options.ResponseHeadersTimeout = TimeSpan.FromSeconds(30);
        options.IdleTimeout = idle;
        options.TotalTimeout = total ?? TimeSpan.FromMinutes(2);
        return options;
    }

    private static async Task<byte[]> ReadAllAsync(LambdaStreamingClient client)
    {
        var bytes = new List<byte>();
        await using LambdaResponseStream response = await client.InvokeAsync(new LambdaStreamingRequest("fn"));
        await foreach (ReadOnlyMemory<byte> chunk in response.ReadChunksAsync())
        {
            bytes.AddRange(chunk.ToArray());
        }

        Assert.True(response.IsCompleted);
        return [.. bytes];
    }

    private static async Task AssertClientStillWorksAsync(LambdaStreamingClient client) =>
        Assert.Equal(Encoding.UTF8.GetString(BothPayloads), Encoding.UTF8.GetString(await ReadAllAsync(client)));

    // Polls until the value has not changed for half a second (bounded to 20 s), and returns it.
    private static async Task<long> WaitUntilSteadyAsync(Func<long> value)
    {
        long last = value();
        int steadyPolls = 0;
        for (int poll = 0; poll < 200 && steadyPolls < 5; poll++)
        {
            await Task.Delay(100);
            long now = value();
            steadyPolls = now == last ? steadyPolls + 1 : 0;
            last = now;
        }

        return last;
    }
}
