using System.Buffers;
using System.Globalization;
using System.Text.Json;
using LambdaStreamGen.EventStreams;
using LambdaStreamGen.Tests.Support;
using LambdaStreamGen.TestSupport;

namespace LambdaStreamGen.Tests.EventStreams;

/// <summary>
/// Every file in the upstream <c>shared/conformance/eventstream</c> beside the checkout, as its README prescribes:
/// positive and stream files decode to exactly their <c>.json</c> at every read size, positive files re-encode to the
/// same bytes, and negative files fail with the reason the reference check order gives. Skipped, with the reason, where
/// the folder is absent; <see cref="RepositoryVectorTests"/> cover the codec from the repository alone.
/// </summary>
public sealed class ConformanceVectorTests
{
    public static TheoryData<string> PositiveFiles => Files("positive");

    public static TheoryData<string> StreamFiles => Files("streams");

    public static TheoryData<string> NegativeFiles => Files("negative");

    public static TheoryData<string> LambdaFiles => Files("lambda");

    [UpstreamVectorsTheory]
    [MemberData(nameof(PositiveFiles))]
    public async Task Positive_vector_decodes_to_its_expectation_at_every_read_size(string name)
    {
        byte[] bytes = ReadBin("positive", name);
        using JsonDocument expected = ReadJson("positive", name);
        await AssertDecodesAtEveryReadSize(bytes, [expected.RootElement]);
    }

    [UpstreamVectorsTheory]
    [MemberData(nameof(PositiveFiles))]
    public async Task Positive_vector_re_encodes_to_the_same_bytes(string name)
    {
        byte[] bytes = ReadBin("positive", name);
        List<EventStreamMessage> messages = await EventStreamDecoding.DecodeAllAsync(bytes, bytes.Length, InputShape.StreamReads);

        EventStreamMessage message = Assert.Single(messages);
        var buffer = new ArrayBufferWriter<byte>();
        if (message.Headers.Any(HasEmptyVariableLengthValue))
        {
            // Accepted on read, never written: some decoders reject empty byte-array and string values (docs/protocol.md §3).
            Assert.Throws<ArgumentException>(() => EventStreamWriter.Write(buffer, message));
            Assert.Equal(0, buffer.WrittenCount);
            return;
        }

        EventStreamWriter.Write(buffer, message);

        Assert.Equal(Convert.ToHexString(bytes), Convert.ToHexString(buffer.WrittenSpan));
    }

    [UpstreamVectorsTheory]
    [MemberData(nameof(StreamFiles))]
    public async Task Stream_vector_decodes_to_its_messages_at_every_read_size(string name)
    {
        byte[] bytes = ReadBin("streams", name);
        using JsonDocument expected = ReadJson("streams", name);
        JsonElement[] messages = [.. expected.RootElement.GetProperty("messages").EnumerateArray()];
        Assert.Equal(expected.RootElement.GetProperty("message_count").GetInt32(), messages.Length);
        await AssertDecodesAtEveryReadSize(bytes, messages);
    }

    [UpstreamVectorsTheory]
    [MemberData(nameof(LambdaFiles))]
    public async Task Lambda_body_is_a_valid_event_stream_of_its_messages(string name)
    {
        byte[] bytes = ReadBin("lambda", name);
        using JsonDocument expected = ReadJson("lambda", name);
        await AssertDecodesAtEveryReadSize(bytes, [.. expected.RootElement.GetProperty("messages").EnumerateArray()]);
    }

    [UpstreamVectorsTheory]
    [MemberData(nameof(NegativeFiles))]
    public async Task Negative_vector_fails_with_the_reference_reason_at_every_read_size(string name)
    {
        byte[] bytes = ReadBin("negative", name);
        using JsonDocument expected = ReadJson("negative", name);
        Assert.Equal("reject", expected.RootElement.GetProperty("expect").GetString());
        EventStreamFormatError reason = ToReason(expected.RootElement.GetProperty("reference_decoder_error_kind").GetString()!);

        foreach (InputShape shape in Enum.GetValues<InputShape>())
        {
            for (int chunk = 1; chunk <= bytes.Length; chunk++)
            {
                await using EventStreamReader reader = EventStreamDecoding.CreateReader(bytes, chunk, shape);
                var exception = await Assert.ThrowsAsync<EventStreamFormatException>(async () => await reader.ReadAsync());
                Assert.True(reason == exception.Reason, $"{name}, {shape}, {chunk}-byte reads: expected {reason}, got {exception.Reason}: {exception.Message}");
                Assert.Equal(0, exception.MessageOffset);

                // The reader stops for good: the next boundary cannot be trusted after a framing error.
                var again = await Assert.ThrowsAsync<EventStreamFormatException>(async () => await reader.ReadAsync());
                Assert.Equal(reason, again.Reason);
            }
        }
    }

    private static async Task AssertDecodesAtEveryReadSize(byte[] bytes, IReadOnlyList<JsonElement> expected)
    {
        foreach (InputShape shape in Enum.GetValues<InputShape>())
        {
            for (int chunk = 1; chunk <= bytes.Length + 1; chunk++)
            {
                await using EventStreamReader reader = EventStreamDecoding.CreateReader(bytes, chunk, shape);
                long offset = 0;
                foreach (JsonElement message in expected)
                {
                    Assert.True(await reader.MoveNextAsync(), $"{shape}, {chunk}-byte reads: the stream ended early.");
                    EventStreamMessageView view = reader.Current;
                    Assert.Equal(offset, view.Offset);
                    Assert.Equal(message.GetProperty("total_length").GetInt32(), view.TotalLength);
                    Assert.Equal(message.GetProperty("headers_length").GetInt32(), view.HeadersBytes.Length);
                    AssertMessage(message, view.ToMessage(), $"{shape}, {chunk}-byte reads");
                    offset += view.TotalLength;
                }

                Assert.False(await reader.MoveNextAsync(), $"{shape}, {chunk}-byte reads: more messages than expected.");
                Assert.Equal(bytes.Length, reader.BytesConsumed);
            }
        }
    }

    private static bool HasEmptyVariableLengthValue(EventStreamHeader header) => header.Value.Type switch
    {
        EventStreamHeaderType.ByteArray => header.Value.AsBytes().IsEmpty,
        EventStreamHeaderType.String => header.Value.AsString().Length == 0,
        _ => false,
    };

    private static void AssertMessage(JsonElement expected, EventStreamMessage actual, string context)
    {
        List<HeaderText> expectedHeaders = [.. expected.GetProperty("headers").EnumerateArray().Select(ToHeaderText)];
        Assert.True(expectedHeaders.SequenceEqual(HeaderText.From(actual.Headers)), $"{context}: headers differ.\nexpected: {string.Join(", ", expectedHeaders)}\nactual:   {string.Join(", ", HeaderText.From(actual.Headers))}");
        Assert.Equal(expected.GetProperty("payload_base64").GetString(), Convert.ToBase64String(actual.Payload.Span));
    }

    private static HeaderText ToHeaderText(JsonElement header)
    {
        string type = header.GetProperty("type").GetString()!;
        JsonElement value = header.GetProperty("value");
        string text = value.ValueKind switch
        {
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Number => value.GetInt64().ToString(CultureInfo.InvariantCulture),
            _ => value.GetString()!,
        };
        return new HeaderText(header.GetProperty("name").GetString()!, type, text);
    }

    private static EventStreamFormatError ToReason(string kind) => kind switch
    {
        "prelude_checksum_mismatch" => EventStreamFormatError.PreludeChecksumMismatch,
        "message_checksum_mismatch" => EventStreamFormatError.MessageChecksumMismatch,
        "message_too_short" => EventStreamFormatError.MessageTooShort,
        "invalid_headers_length" => EventStreamFormatError.HeadersLengthOutOfRange,
        "invalid_header_name" => EventStreamFormatError.InvalidHeaderName,
        "invalid_header_value_type" => EventStreamFormatError.UnknownHeaderType,
        "invalid_header_value" => EventStreamFormatError.HeaderValueOutOfRange,
        "truncated" => EventStreamFormatError.TruncatedMessage,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "An error kind the conformance README does not define."),
    };

    private static TheoryData<string> Files(string folder)
    {
        var data = new TheoryData<string>();
        if (RepositoryPaths.UpstreamEventStreamConformance is not { } root)
        {
            return data;
        }

        string[] names = [.. Directory.GetFiles(Path.Combine(root, folder), "*.bin").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!];
        Assert.NotEmpty(names);
        foreach (string name in names)
        {
            data.Add(name);
        }

        return data;
    }

    private static byte[] ReadBin(string folder, string name) => File.ReadAllBytes(Path.Combine(RepositoryPaths.UpstreamEventStreamConformance!, folder, name + ".bin"));

    private static JsonDocument ReadJson(string folder, string name) => JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.UpstreamEventStreamConformance!, folder, name + ".json")));
}
