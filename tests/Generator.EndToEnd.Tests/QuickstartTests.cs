using LambdaStreamGen.TestSupport;

namespace LambdaStreamGen.Generator.EndToEnd.Tests;

/// <summary>The README's first command keeps working: the quickstart streams its report and shows the failure path.</summary>
public sealed class QuickstartTests
{
    [Fact]
    public async Task Quickstart_streams_rows_then_reports_the_function_failure()
    {
        string configuration = typeof(QuickstartTests).Assembly.Location.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        string quickstart = RepositoryPaths.InRepository($"samples/Quickstart/bin/{configuration}/net10.0/Quickstart.dll");
        Assert.True(File.Exists(quickstart), $"Build the solution first: {quickstart} is missing.");
        ProcessResult result = await ProcessRunner.RunAsync("dotnet", [quickstart], TimeSpan.FromMinutes(2));
        string[] rows = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string log = result.StandardError;

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(30 + 4, rows.Length); // 30 rows, then 4 before the second function fails
        Assert.Contains("done: 30 rows", log, StringComparison.Ordinal);
        Assert.Contains("function failed after partial output: InvalidOperationException: the warehouse for us-east-1 went offline after row 4", log, StringComparison.Ordinal);
    }
}
