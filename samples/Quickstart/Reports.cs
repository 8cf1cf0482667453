using System.Text.Json.Serialization;
using LambdaStreamGen;

namespace Quickstart;

/// <summary>What the report function is asked for.</summary>
public sealed record ReportQuery(int Rows, string Region, int FailAfter = 0);

/// <summary>One row of the report, streamed as a JSON line.</summary>
public sealed record ReportRow(int Number, string Region, string Product, decimal Revenue);

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
