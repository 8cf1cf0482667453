using System.Text.Json;
using System.Text.Json.Serialization;

namespace LambdaStreamGen.AspNetCore;

/// <summary>The JSON of the relay's own records (errors, the SSE end event), camelCase as browsers' code expects.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(RelayError))]
[JsonSerializable(typeof(RelayEnd))]
internal sealed partial class RelayJsonContext : JsonSerializerContext;

/// <summary>The data of the SSE <c>end</c> event: the stream completed, with this many records.</summary>
internal sealed record RelayEnd(long Records);
