using System.Text.Json.Serialization;

namespace LambdaStreamGen.Local;

/// <summary>The emulator's own JSON shapes, source-generated so that the emulator is trimming-safe.</summary>
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(UnhandledErrorDetails))]
internal sealed partial class LocalJsonContext : JsonSerializerContext;

/// <summary>The <c>ErrorDetails</c> of an unhandled function error, in the shape Lambda uses.</summary>
internal sealed record UnhandledErrorDetails(
    [property: JsonPropertyName("errorType")] string ErrorType,
    [property: JsonPropertyName("errorMessage")] string ErrorMessage,
    [property: JsonPropertyName("stackTrace")] IReadOnlyList<string> StackTrace);
