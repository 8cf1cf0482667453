using System.Text.Json;
using System.Text.Json.Serialization;
using LambdaStreamGen;

namespace Quickstart;

/// <summary>What the report function is asked for: <c>{"rows":3,"region":"eu-west-1"}</c>.</summary>
public sealed record ReportQuery([property: JsonRequired] int Rows, [property: JsonRequired] string Region, int FailAfter = 0);

/// <summary>One row of the report, streamed as a JSON line.</summary>
public sealed record ReportRow(int Number, string Region, string Product, decimal Revenue);

// The web defaults (camelCase names, case-insensitive reading): Lambda payloads are camelCase by convention across the
// AWS SDKs' examples, so a caller in any language can write {"rows":3,"region":"eu-west-1"}.
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ReportQuery))]
[JsonSerializable(typeof(ReportRow))]
internal sealed partial class QuickstartJson : JsonSerializerContext;

/// <summary>The typed client: the generator implements it and adds <c>IReports.Create</c>.</summary>
[LambdaStreamingFunction("report-generator", JsonContext = typeof(QuickstartJson))]
public partial interface IReports
{
    /// <summary>Streams the rows of a sales report as the function produces them.</summary>
    IAsyncEnumerable<ReportRow> RunAsync(ReportQuery query, CancellationToken cancellationToken = default);
}
