using System.Text.Json;
using LambdaStreamGen.Local;

namespace Quickstart;

/// <summary>The sample streaming function: produces report rows over a few seconds, flushing each one.</summary>
internal static class ReportFunction
{
    private static readonly string[] Products = ["alpha", "bravo", "charlie", "delta", "echo"];

    public static void Register(LocalLambdaServerOptions options) =>
        options.AddFunction("report-generator", async (invocation, response, cancellationToken) =>
        {
            ReportQuery query = ReadQuery(invocation);
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

    // A payload that lacks what the report needs is the caller's mistake: fail the invocation with a message that
    // says what is missing (the caller gets it as a function error), rather than stream an empty report.
    private static ReportQuery ReadQuery(LocalInvocation invocation)
    {
        const string Expected = "the payload must be a JSON object with \"rows\" (a positive number) and \"region\", for example {\"rows\":3,\"region\":\"eu-west-1\"}";
        ReportQuery? query;
        try
        {
            query = invocation.ReadJson(QuickstartJson.Default.ReportQuery);
        }
        catch (JsonException exception)
        {
            throw new ArgumentException($"{Expected}: {exception.Message}", exception);
        }

        if (query is null || query.Rows <= 0 || string.IsNullOrWhiteSpace(query.Region))
        {
            throw new ArgumentException($"{Expected}; got {(invocation.Payload.IsEmpty ? "an empty payload" : invocation.ReadText())}");
        }

        return query;
    }
}
