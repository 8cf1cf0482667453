using System.Text.Json;
using LambdaStreamGen.Decoding;
using LambdaStreamGen.EventStreams;
using LambdaStreamGen.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace LambdaStreamGen.Tests.Decoding;

/// <summary>
/// Bytes that are not UTF-8 inside JSON strings. System.Text.Json only notices them when a string is read as text, so
/// without a check they would escape as a bare <see cref="InvalidOperationException"/> (or hide in a
/// <see cref="JsonElement"/> and fail later in the caller's code). Found by the JSON-lines fuzz target.
/// </summary>
public sealed class InvalidUtf8Tests
{
    // "\"a\xC3\"": a string whose two-byte character is cut short.
    private static readonly byte[] BadString = [(byte)'"', (byte)'a', 0xC3, (byte)'"'];

    [Fact]
    public async Task A_json_line_with_bad_utf8_in_a_string_is_a_format_error_at_its_line()
    {
        byte[] payload = [.. "{\"ok\":1}\n{\"s\":"u8, .. BadString, .. "}\n"u8];
        var items = new List<JsonElement>();

        var exception = await Assert.ThrowsAsync<LambdaPayloadFormatException>(async () =>
        {
            await foreach (JsonElement item in JsonLinesDecoder.DecodeAsync(LineDecoderPropertyTests.Chunk(payload, [3]), TestJsonContext.Default.JsonElement))
            {
                items.Add(item);
            }
        });

        Assert.Single(items);
        Assert.Equal(2, exception.RecordNumber);
        Assert.Equal(9, exception.ByteOffset);
        Assert.Contains("not valid UTF-8", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_json_array_element_with_bad_utf8_is_a_format_error_naming_the_element()
    {
        byte[] payload = [.. "[{\"ok\":1},"u8, .. BadString, .. "]"u8];
        var items = new List<JsonElement>();

        var exception = await Assert.ThrowsAsync<LambdaPayloadFormatException>(async () =>
        {
            await foreach (JsonElement item in JsonArrayDecoder.DecodeAsync(LineDecoderPropertyTests.Chunk(payload, [1]), TestJsonContext.Default.JsonElement))
            {
                items.Add(item);
            }
        });

        Assert.Single(items);
        Assert.Equal(2, exception.RecordNumber);
        Assert.Contains("not valid UTF-8", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_http_integration_prelude_with_bad_utf8_is_a_format_error()
    {
        byte[] prelude = [.. "{\"headers\":{\"x\":"u8, .. BadString, .. "}}"u8, .. new byte[8], .. "body"u8];

        var exception = Assert.Throws<LambdaPayloadFormatException>(() => new HttpIntegrationPreludeReader().Feed(prelude, out _));

        Assert.Contains("not valid UTF-8", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_InvokeComplete_with_bad_utf8_is_a_stream_error_not_a_crash()
    {
        byte[] body = MessageFactory.Encode(
            MessageFactory.Event("PayloadChunk", "data"u8.ToArray()),
            MessageFactory.Event("InvokeComplete", [.. "{\"ErrorCode\":"u8, .. BadString, .. "}"u8]));
        await using ScriptedServer server = await ScriptedServer.ServingAsync(body);
        using var client = new LambdaStreamingClient(server.ClientOptions());

        await using LambdaResponseStream response = await client.InvokeAsync(new LambdaStreamingRequest("fn"));
        var exception = await Assert.ThrowsAsync<LambdaStreamErrorException>(async () =>
        {
            await foreach (ReadOnlyMemory<byte> _ in response.ReadChunksAsync())
            {
            }
        });

        Assert.Contains("not valid UTF-8", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_in_stream_exception_with_bad_utf8_keeps_its_text()
    {
        byte[] body = MessageFactory.Encode(new EventStreamMessage(
            [
                new(":message-type", EventStreamHeaderValue.FromString("exception")),
                new(":exception-type", EventStreamHeaderValue.FromString("ServiceException")),
            ],
            (byte[])[.. "{\"message\":"u8, .. BadString, .. "}"u8]));
        await using ScriptedServer server = await ScriptedServer.ServingAsync(body);
        using var client = new LambdaStreamingClient(server.ClientOptions());

        await using LambdaResponseStream response = await client.InvokeAsync(new LambdaStreamingRequest("fn"));
        var exception = await Assert.ThrowsAsync<LambdaStreamErrorException>(async () =>
        {
            await foreach (ReadOnlyMemory<byte> _ in response.ReadChunksAsync())
            {
            }
        });

        Assert.Contains("{\"message\":\"a", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_service_error_body_with_bad_utf8_is_still_a_service_error()
    {
        await using var server = await ScriptedServer.StartAsync(async (context, _) =>
        {
            context.Response.StatusCode = 400;
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync((byte[])[.. "{\"message\":"u8, .. BadString, .. "}"u8]);
        });
        using var client = new LambdaStreamingClient(server.ClientOptions());

        var exception = await Assert.ThrowsAsync<LambdaServiceException>(() => client.InvokeAsync(new LambdaStreamingRequest("fn")));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, exception.StatusCode);
        Assert.Contains("{\"message\":\"a", exception.Message, StringComparison.Ordinal);
    }
}
