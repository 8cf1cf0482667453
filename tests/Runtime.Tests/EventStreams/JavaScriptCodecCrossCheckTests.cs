using System.Globalization;
using System.Text;
using System.Text.Json;
using CsCheck;
using LambdaStreamGen.EventStreams;
using LambdaStreamGen.Tests.Support;
using LambdaStreamGen.TestSupport;

namespace LambdaStreamGen.Tests.EventStreams;

/// <summary>
/// Checks our codec against an independent one: <c>@smithy/eventstream-codec</c>, the codec inside the AWS SDK for
/// JavaScript, pinned by <c>node/package-lock.json</c> and installed by the test run with <c>npm ci</c>.
/// Without Node.js these tests fail with a message saying so; they are never skipped.
/// </summary>
public sealed class JavaScriptCodecCrossCheckTests
{
    private const string Script = "eventstream-crosscheck.mjs";

    private static readonly NodeJs Node = new(RepositoryPaths.InRepository("tests/Runtime.Tests/node"));

    // The JavaScript codec holds timestamps as Date and headers as object keys, so this direction keeps to what those
    // can represent: instants within years 1–9999 and unique header names.
    private static readonly Gen<EventStreamMessage> JavaScriptRepresentableMessage = RoundTripPropertyTests.Message
        .Select(message => new EventStreamMessage(
            message.Headers
                .Select(h => h.Value.Type == EventStreamHeaderType.Timestamp
                    ? h with { Value = EventStreamHeaderValue.FromTimestampMilliseconds(Math.Clamp(h.Value.AsTimestampMilliseconds(), -62_135_596_800_000, 253_402_300_799_999)) }
                    : h)
                .DistinctBy(h => h.Name, StringComparer.Ordinal),
            message.Payload));

    [Fact]
    public async Task Messages_encoded_by_the_JavaScript_SDK_codec_decode_identically_with_ours()
    {
        int seed = Random.Shared.Next();
        string output = await Node.RunScriptAsync(Script, ["encode", "300", seed.ToString(CultureInfo.InvariantCulture)]);
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(300, lines.Length);

        var random = new Random(seed);
        foreach (string line in lines)
        {
            using JsonDocument document = JsonDocument.Parse(line);
            JsonElement root = document.RootElement;
            byte[] encoded = Convert.FromBase64String(root.GetProperty("encoded").GetString()!);
            int readSize = random.Next(1, encoded.Length + 2);

            EventStreamMessage decoded = Assert.Single(await EventStreamDecoding.DecodeAllAsync(encoded, readSize, InputShape.StreamReads));

            string context = $"seed {seed}, {readSize}-byte reads";
            Assert.True(ReadHeaders(root).SequenceEqual(HeaderText.From(decoded.Headers)), $"{context}: headers differ.\nJS:   {string.Join(", ", ReadHeaders(root))}\nours: {string.Join(", ", HeaderText.From(decoded.Headers))}");
            Assert.Equal(root.GetProperty("payload").GetString(), Convert.ToBase64String(decoded.Payload.Span));
        }
    }

    [Fact]
    public async Task Messages_encoded_by_our_writer_decode_identically_with_the_JavaScript_SDK_codec()
    {
        EventStreamMessage[] messages = JavaScriptRepresentableMessage.Array[200].Single();
        var input = new StringBuilder();
        foreach (EventStreamMessage message in messages)
        {
            input.Append("{\"encoded\":\"").Append(Convert.ToBase64String(MessageFactory.Encode(message))).Append("\"}\n");
        }

        string output = await Node.RunScriptAsync(Script, ["decode"], input.ToString());
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(messages.Length, lines.Length);
        for (int i = 0; i < messages.Length; i++)
        {
            using JsonDocument document = JsonDocument.Parse(lines[i]);
            JsonElement root = document.RootElement;
            Assert.False(root.TryGetProperty("error", out JsonElement error), $"message {i}: the JavaScript codec rejected our encoding: {error}");
            List<HeaderText> expected = HeaderText.From(messages[i].Headers);
            Assert.True(expected.SequenceEqual(ReadHeaders(root)), $"message {i}: headers differ.\nours: {string.Join(", ", expected)}\nJS:   {string.Join(", ", ReadHeaders(root))}");
            Assert.Equal(Convert.ToBase64String(messages[i].Payload.Span), root.GetProperty("payload").GetString());
        }
    }

    private static List<HeaderText> ReadHeaders(JsonElement root) =>
        [.. root.GetProperty("headers").EnumerateArray().Select(h => new HeaderText(h.GetProperty("name").GetString()!, h.GetProperty("type").GetString()!, h.GetProperty("value").GetString()!))];
}
