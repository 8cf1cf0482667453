using System.Text.Json.Serialization;

namespace LambdaStreamGen.Tests.Support;

public sealed record Row(int Id, string Name, double Score);

[JsonSerializable(typeof(Row))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(Row[]))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(System.Text.Json.JsonElement))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class TestJsonContext : JsonSerializerContext;
