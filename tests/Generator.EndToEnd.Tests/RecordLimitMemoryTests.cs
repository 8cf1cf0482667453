using System.Globalization;
using System.Text.RegularExpressions;
using LambdaStreamGen.TestSupport;

namespace LambdaStreamGen.Generator.EndToEnd.Tests;

/// <summary>
/// Memory is bounded by MaxRecordBytes, not by the function: a 256 MiB payload with no record boundary, streamed over
/// real HTTP from an emulator in another process, fails soon after the 16 MiB default limit, and the client process's
/// peak working set grows by a small multiple of the limit, never by the payload (the load tool's record-limit run).
/// </summary>
public sealed partial class RecordLimitMemoryTests
{
    [Fact]
    public async Task A_256_MiB_record_fails_at_the_limit_and_the_client_peak_working_set_stays_near_the_limit()
    {
        string configuration = typeof(RecordLimitMemoryTests).Assembly.Location.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        string tool = RepositoryPaths.InRepository($"tests/LoadTest/bin/{configuration}/net10.0/LambdaStreamGen.LoadTest.dll");
        Assert.True(File.Exists(tool), $"Build the solution first: {tool} is missing.");

        ProcessResult result = await ProcessRunner.RunAsync("dotnet", [tool, "record-limit", "256"], TimeSpan.FromMinutes(3));

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("payload offered: 256.0 MiB; MaxRecordBytes: 16.0 MiB", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("MaxRecordBytes (16,777,216 bytes)", result.StandardOutput, StringComparison.Ordinal);
        double read = Mebibytes(ReadPattern(), result.StandardOutput);
        double growth = Mebibytes(GrowthPattern(), result.StandardOutput);
        Assert.InRange(read, 16.0, 17.0);
        Assert.InRange(growth, 0.0, 64.0);
    }

    private static double Mebibytes(Regex pattern, string output)
    {
        Match match = pattern.Match(output);
        Assert.True(match.Success, output);
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"payload read before the error: ([0-9.]+) MiB")]
    private static partial Regex ReadPattern();

    [GeneratedRegex(@"peak growth: ([0-9.]+) MiB")]
    private static partial Regex GrowthPattern();
}
