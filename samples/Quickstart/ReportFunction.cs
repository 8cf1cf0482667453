using LambdaStreamGen.Local;

namespace Quickstart;

/// <summary>The sample streaming function: produces report rows over a few seconds, flushing each one.</summary>
internal static class ReportFunction
{
    private static readonly string[] Products = ["alpha", "bravo", "charlie", "delta", "echo"];

    public static void Register(LocalLambdaServerOptions options) =>
        options.AddFunction("report-generator", async (invocation, response, cancellationToken) =>
        {
            ReportQuery query = invocation.ReadJson(QuickstartJson.Default.ReportQuery) ?? new ReportQuery(20, "eu-west-1");
            await invocation.Log.WriteLineAsync($"generating {query.Rows} rows for {query.Region}");
            var random = new Random(query.Rows);
            for (int i = 1; i <= query.Rows; i++)
            {
                if (query.FailAfter > 0 && i > query.FailAfter)
                {
                    throw new InvalidOperationException($"the warehouse for {query.Region} went offline after row {query.FailAfter}");
                }

                var row = new ReportRow(i, query.Region, Products[random.Next(Products.Length)], Math.Round((decimal)(random.NextDouble() * 10_000), 2));
                await response.WriteJsonLineAsync(row, QuickstartJson.Default.ReportRow, cancellationToken);
                await response.FlushAsync(cancellationToken); // on the wire now, before the next row is computed
                await Task.Delay(100, cancellationToken);     // a real report would be querying here
            }
        });
}
