using System.Net;
using System.Text;
using System.Text.Json;
using LambdaStreamGen.Local;

namespace WebRelay;

/// <summary>
/// The functions the embedded emulator runs: what deployed functions of the same names would stream. A gate lets a
/// test hold the report after its first row, to see it in the page while the function is still running.
/// </summary>
public static class LocalFunctions
{
    private static readonly string[] Regions = ["eu-west-1", "us-east-1", "ap-southeast-2", "sa-east-1"];

    private static readonly string[] Words =
        "the stream arrives while the function is still writing it , one word at a time , and the page shows each as it lands".Split(' ');

    /// <param name="options">The emulator's options.</param>
    /// <param name="beforeRow">Runs before each report row: a gate for tests.</param>
    /// <param name="exportProgress">Told the bytes the export has written after each write: lets a test see back-pressure.</param>
    public static void Register(LocalLambdaServerOptions options, Func<int, CancellationToken, Task>? beforeRow = null, Action<long>? exportProgress = null)
    {
        options.AddFunction("report", async (invocation, response, cancellationToken) =>
        {
            ReportQuery query = invocation.ReadJson(RelayJson.Default.ReportQuery) ?? throw new ArgumentException("The payload must be a report query.");
            for (int i = 0; i < query.Rows; i++)
            {
                if (beforeRow is not null)
                {
                    await beforeRow(i, cancellationToken);
                }

                if (i == query.FailAfter)
                {
                    throw new InvalidOperationException($"The data source failed while producing row {i}.");
                }

                var row = new ReportRow(i + 1, Regions[i % Regions.Length], Math.Round(1000m + (i * 137.5m % 900m), 2));
                await response.WriteLineAsync(JsonSerializer.Serialize(row, RelayJson.Default.ReportRow), cancellationToken);
                await response.FlushAsync(cancellationToken);
                await Task.Delay(query.DelayMs, cancellationToken);
            }
        });

        options.AddFunction("story", async (invocation, response, cancellationToken) =>
        {
            StoryQuery query = invocation.ReadJson(RelayJson.Default.StoryQuery) ?? throw new ArgumentException("The payload must be a story query.");
            for (int i = 0; i < query.Words; i++)
            {
                await response.WriteLineAsync(Words[i % Words.Length], cancellationToken);
                await response.FlushAsync(cancellationToken);
                await Task.Delay(query.DelayMs, cancellationToken);
            }
        });

        options.AddFunction("export", async (invocation, response, cancellationToken) =>
        {
            ExportQuery query = invocation.ReadJson(RelayJson.Default.ExportQuery) ?? throw new ArgumentException("The payload must be an export query.");
            byte[] line = Encoding.ASCII.GetBytes(new string('x', 1023) + "\n");
            for (long written = 0; written < query.Megabytes * 1024L * 1024;)
            {
                await response.WriteAsync(line, cancellationToken);
                written += line.Length;
                exportProgress?.Invoke(written);
            }
        }).WithStreamContentType("text/csv");

        // Written as for a function URL: a JSON prelude, eight zero bytes, then the body. The status code says
        // whether the request made sense, as a function URL's caller would see it.
        options.AddFunction("greeting", async (invocation, response, cancellationToken) =>
        {
            string? name = invocation.ReadJson(RelayJson.Default.GreetingQuery)?.Name;
            bool valid = !string.IsNullOrWhiteSpace(name) && name.Length <= 100;
            string prelude = valid
                ? $$"""{"statusCode":200,"headers":{"content-type":"text/html; charset=utf-8","cache-control":"no-store"},"cookies":["greeted={{Uri.EscapeDataString(name!)}}; Path=/; SameSite=Lax"]}"""
                : """{"statusCode":400,"headers":{"content-type":"text/plain; charset=utf-8"}}""";
            await response.WriteAsync(Encoding.UTF8.GetBytes(prelude), cancellationToken);
            await response.WriteAsync(new byte[8], cancellationToken);
            await response.FlushAsync(cancellationToken);
            if (!valid)
            {
                await response.WriteLineAsync("name is required (1 to 100 characters).", cancellationToken);
                return;
            }

            string[] parts = ["<!doctype html><title>Hello</title>", $"<h1>Hello, {WebUtility.HtmlEncode(name)}!</h1>", "<p>Streamed by a function written for a function URL.</p>"];
            foreach (string part in parts)
            {
                await response.WriteLineAsync(part, cancellationToken);
                await response.FlushAsync(cancellationToken);
            }
        }).WithStreamContentType("application/vnd.awslambda.http-integration-response");
    }
}
