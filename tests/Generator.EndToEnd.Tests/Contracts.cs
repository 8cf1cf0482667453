using System.Text.Json.Serialization;
using LambdaStreamGen.Decoding;

namespace LambdaStreamGen.Generator.EndToEnd.Tests;

public sealed record Query(int Year, string? Filter);

public sealed record Row(int Id, string Name);

[JsonSerializable(typeof(Query))]
[JsonSerializable(typeof(Row))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
public sealed partial class ContractsJson : JsonSerializerContext;

/// <summary>Every return shape, with a JSON context (the trimming-safe path).</summary>
[LambdaStreamingFunction("reports", JsonContext = typeof(ContractsJson))]
public partial interface IReports
{
    IAsyncEnumerable<Row> RunAsync(Query query, CancellationToken cancellationToken = default);

    [StreamFormat(StreamFormat.JsonArray)]
    [LambdaStreamingFunction("reports-array")]
    IAsyncEnumerable<Row> RunAsArrayAsync(Query query, CancellationToken cancellationToken = default);

    [LambdaStreamingFunction("echo")]
    IAsyncEnumerable<string> EchoAsync(string @event, LambdaInvokeOptions? options = null, CancellationToken cancellationToken = default);

    [LambdaStreamingFunction("echo")]
    IAsyncEnumerable<ReadOnlyMemory<byte>> EchoBytesAsync(CancellationToken cancellationToken, byte[] payload);

    [LambdaStreamingFunction("echo")]
    IAsyncEnumerable<byte[]> EchoStreamAsync(Stream payload);

    [LambdaStreamingFunction("events")]
    IAsyncEnumerable<ServerSentEvent> EventsAsync();

    [LambdaStreamingFunction("echo")]
    Task<LambdaResponseStream> RawAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default);

    [LambdaStreamingFunction("fails")]
    ValueTask<LambdaResponseStream> FailsAsync();
}

/// <summary>A base interface's members are implemented too; JSON goes through reflection here.</summary>
public interface IHasEcho
{
    IAsyncEnumerable<string> EchoAsync(string text);
}

[LambdaStreamingFunction("echo")]
internal partial interface IDerivedEcho : IHasEcho
{
    IAsyncEnumerable<Row> RowsAsync(Query query);
}

public static partial class Outer
{
    [LambdaStreamingFunction("echo", Qualifier = "live")]
    public partial interface INested
    {
        IAsyncEnumerable<string> EchoAsync(string text, CancellationToken cancellationToken = default);
    }
}
