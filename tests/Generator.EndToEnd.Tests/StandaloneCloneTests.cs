using System.Text.RegularExpressions;
using LambdaStreamGen.TestSupport;

namespace LambdaStreamGen.Generator.EndToEnd.Tests;

/// <summary>
/// The repository stands on its own: a clone of what is committed, in an empty folder with nothing beside it (no
/// <c>../shared</c>), passes its codec and Lambda-body tests, and reports the tests over upstream vectors as skipped
/// with the reason rather than failing them. Keeps "works here because of something outside the repository" from
/// coming back.
/// </summary>
public sealed partial class StandaloneCloneTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task A_clone_with_nothing_beside_it_passes_the_codec_tests_and_skips_the_upstream_ones_with_the_reason()
    {
        string root = Path.Combine(Path.GetTempPath(), "lambdastreamgen-standalone-" + Guid.NewGuid().ToString("N"));
        string clone = Path.Combine(root, "repository");
        string results = Path.Combine(root, "results");
        Directory.CreateDirectory(root);
        try
        {
            ProcessResult cloned = await ProcessRunner.RunAsync("git", ["clone", "--quiet", RepositoryPaths.Root, clone], Timeout, root);
            Assert.True(cloned.ExitCode == 0, "git clone of the repository failed (these tests run from a git checkout):\n" + cloned.Output);
            Assert.False(Directory.Exists(Path.Combine(root, "shared")));

            ProcessResult test = await ProcessRunner.RunAsync(
                "dotnet",
                [
                    "test", Path.Combine(clone, "tests", "Runtime.Tests", "Runtime.Tests.csproj"), "--configuration", "Release",
                    "--filter", "FullyQualifiedName~LambdaStreamGen.Tests.EventStreams|FullyQualifiedName~RepositoryLambdaBodyTests|FullyQualifiedName~LambdaConformanceBodyTests",
                    "--logger", "trx;LogFileName=standalone.trx", "--results-directory", results,
                ],
                Timeout,
                clone);
            Assert.True(test.ExitCode == 0, "the codec tests failed in a clone with nothing beside it:\n" + test.Output);

            string trx = await File.ReadAllTextAsync(Path.Combine(results, "standalone.trx"));
            Match counters = CountersPattern().Match(trx);
            Assert.True(counters.Success, "no counters in the test results");
            Assert.Equal("0", counters.Groups["failed"].Value);
            Assert.True(Count(counters, "passed") >= 30, $"only {Count(counters, "passed")} codec tests passed");

            // The upstream-vector theories are present as skipped, each with the reason.
            Assert.Contains("Positive_vector_decodes_to_its_expectation_at_every_read_size", trx, StringComparison.Ordinal);
            Assert.Contains("Lambda_body_produces_its_expected_outcome", trx, StringComparison.Ordinal);
            int skipped = Count(counters, "total") - Count(counters, "executed");
            Assert.True(skipped >= 6, $"{skipped} tests were reported as skipped; the upstream-vector theories should be");
            Assert.Contains("upstream event-stream conformance vectors are not beside this checkout", trx, StringComparison.Ordinal);
        }
        finally
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
                // A file still held by a build server; the temporary folder is left for the OS to clean.
            }
        }
    }

    private static int Count(Match counters, string name) => int.Parse(counters.Groups[name].Value, System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex("<Counters total=\"(?<total>\\d+)\" executed=\"(?<executed>\\d+)\" passed=\"(?<passed>\\d+)\" failed=\"(?<failed>\\d+)\"")]
    private static partial Regex CountersPattern();
}
