using System.Text.Json.Serialization;
using LambdaStreamGen;

namespace WebRelay;

public sealed record ReportQuery(int Rows, int DelayMs, int FailAfter = -1);

public sealed record ReportRow(int Index, string Region, decimal Revenue);

public sealed record StoryQuery(int Words, int DelayMs);

public sealed record ExportQuery(int Megabytes);

public sealed record GreetingQuery(string? Name);

[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ReportQuery))]
[JsonSerializable(typeof(ReportRow))]
[JsonSerializable(typeof(StoryQuery))]
[JsonSerializable(typeof(ExportQuery))]
[JsonSerializable(typeof(GreetingQuery))]
[JsonSerializable(typeof(string))]
public sealed partial class RelayJson : JsonSerializerContext;

/// <summary>The streaming functions the web app relays.</summary>
[LambdaStreamingFunction("report", JsonContext = typeof(RelayJson))]
public partial interface IReportFunctions
{
    /// <summary>A report, one JSON line per row.</summary>
    /// <param name="query">How many rows, how fast, and whether to fail half-way.</param>
    /// <param name="cancellationToken">Cancels the stream (and so the function's).</param>
    /// <returns>The rows.</returns>
    IAsyncEnumerable<ReportRow> ReportAsync(ReportQuery query, CancellationToken cancellationToken = default);

    /// <summary>Generated text, one word per line.</summary>
    /// <param name="query">How many words and how fast.</param>
    /// <param name="cancellationToken">Cancels the stream.</param>
    /// <returns>The words.</returns>
    [LambdaStreamingFunction("story")]
    IAsyncEnumerable<string> StoryAsync(StoryQuery query, CancellationToken cancellationToken = default);

    /// <summary>A large export, streamed as raw bytes.</summary>
    /// <param name="query">How large.</param>
    /// <param name="cancellationToken">Cancels the stream.</param>
    /// <returns>The response.</returns>
    [LambdaStreamingFunction("export")]
    Task<LambdaResponseStream> ExportAsync(ExportQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// A small HTML page from a function written for a function URL: it starts with the HTTP-integration prelude
    /// (status code, headers, cookies), then the body.
    /// </summary>
    /// <param name="query">Whom to greet.</param>
    /// <param name="cancellationToken">Cancels the stream.</param>
    /// <returns>The response, prelude first.</returns>
    [LambdaStreamingFunction("greeting")]
    Task<LambdaResponseStream> GreetingAsync(GreetingQuery query, CancellationToken cancellationToken = default);
}
