using System.Text.Json.Serialization;

namespace LambdaStreamGen.DependencyInjection.Tests;

public sealed record RowQuery(int Rows, int DelayMilliseconds = 0, int FailAfter = -1);

public sealed record Row(int Id, string Name);

[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(RowQuery))]
[JsonSerializable(typeof(Row))]
internal sealed partial class TestJsonContext : JsonSerializerContext;

/// <summary>The interface a user writes; the generator implements it.</summary>
[LambdaStreamingFunction("rows", JsonContext = typeof(TestJsonContext))]
public partial interface IRows
{
    /// <summary>Streams the rows the query asks for.</summary>
    /// <param name="query">How many rows, how fast, and whether to fail half-way.</param>
    /// <param name="cancellationToken">Cancels the stream.</param>
    /// <returns>The rows.</returns>
    IAsyncEnumerable<Row> ListAsync(RowQuery query, CancellationToken cancellationToken = default);
}

/// <summary>A second interface on the same configuration, to show that they share one client.</summary>
[LambdaStreamingFunction("lines")]
public partial interface ILines
{
    /// <summary>Streams text lines.</summary>
    /// <param name="cancellationToken">Cancels the stream.</param>
    /// <returns>The lines.</returns>
    IAsyncEnumerable<string> ReadAsync(CancellationToken cancellationToken = default);
}
