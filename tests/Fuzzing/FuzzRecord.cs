using System.Text.Json;
using System.Text.Json.Serialization;

namespace LambdaStreamGen.Fuzzing;

/// <summary>A typed record with the shapes report rows have: strings, numbers, lists, nesting, free-form members.</summary>
internal sealed record FuzzRecord(string? Name, int Id, double Score, bool Active, List<string>? Tags, Dictionary<string, JsonElement>? Extra, FuzzRecord? Child);

/// <summary>Source-generated metadata, so the harness decodes the way trimmed and Native AOT callers do.</summary>
[JsonSerializable(typeof(FuzzRecord))]
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class FuzzJsonContext : JsonSerializerContext;
