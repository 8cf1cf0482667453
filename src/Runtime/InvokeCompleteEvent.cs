using System.Text;
using System.Text.Json;

namespace LambdaStreamGen;

/// <summary>
/// The <c>InvokeComplete</c> event that ends every complete stream (docs/protocol.md §2.2). All members are optional;
/// absent and <c>null</c> mean the same.
/// </summary>
/// <param name="ErrorCode">The function's error code, for example <c>Unhandled</c>; <see langword="null"/> on success.</param>
/// <param name="ErrorDetails">Details of the error (often Lambda's error JSON).</param>
/// <param name="LogResult">The base64-encoded tail of the log, with <see cref="LambdaLogType.Tail"/>.</param>
public sealed record InvokeCompleteEvent(string? ErrorCode, string? ErrorDetails, string? LogResult)
{
    /// <summary>The log tail decoded as UTF-8 text, or <see langword="null"/>.</summary>
    public string? DecodedLogResult => LogResult is null ? null : DecodeLog(LogResult);

    internal static InvokeCompleteEvent Parse(ReadOnlySpan<byte> json)
    {
        if (json.IsEmpty)
        {
            return new InvokeCompleteEvent(null, null, null);
        }

        // Checked here because System.Text.Json only notices bad UTF-8 in a string when the string is read.
        if (!System.Text.Unicode.Utf8.IsValid(json))
        {
            throw new JsonException("The InvokeComplete event is not valid UTF-8.");
        }

        var reader = new Utf8JsonReader(json);
        using JsonDocument document = JsonDocument.ParseValue(ref reader);
        JsonElement root = document.RootElement;
        return root.ValueKind == JsonValueKind.Object
            ? new InvokeCompleteEvent(GetString(root, "ErrorCode"), GetString(root, "ErrorDetails"), GetString(root, "LogResult"))
            : new InvokeCompleteEvent(null, null, null);
    }

    private static string? GetString(JsonElement root, string name) =>
        root.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string DecodeLog(string base64)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(base64));
        }
        catch (FormatException)
        {
            return base64;
        }
    }
}
