using LambdaStreamGen.Fuzzing;
using LambdaStreamGen.TestSupport;

namespace LambdaStreamGen.Tests.Fuzzing;

/// <summary>
/// Runs the fuzz targets, with their oracles, in the normal test run: every seed under every one of the 256 chunk
/// plans, and every input the fuzzer ever found (tests/Fuzzing/Regressions/&lt;target&gt;), so a fixed finding stays fixed.
/// </summary>
public sealed class FuzzReplayTests
{
    public static TheoryData<string> Targets => new(FuzzTargets.All.Keys);

    public static TheoryData<string, string> Regressions
    {
        get
        {
            var data = new TheoryData<string, string>();
            string folder = RepositoryPaths.InRepository("tests/Fuzzing/Regressions");
            foreach (string target in FuzzTargets.All.Keys)
            {
                string targetFolder = Path.Combine(folder, target);
                if (Directory.Exists(targetFolder))
                {
                    foreach (string file in Directory.EnumerateFiles(targetFolder).Order(StringComparer.Ordinal))
                    {
                        data.Add(target, Path.GetFileName(file));
                    }
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Every_seed_passes_its_target_under_every_chunk_plan(string target)
    {
        Action<byte[]> run = FuzzTargets.All[target];
        IReadOnlyList<byte[]> seeds = FuzzSeeds.For(target);
        Assert.NotEmpty(seeds);
        foreach (byte[] seed in seeds)
        {
            for (int control = 0; control < 256; control++)
            {
                run([(byte)control, .. seed]);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Every_truncation_of_every_seed_passes_its_target(string target)
    {
        // Cutting a valid input anywhere is the commonest real fault (a dropped connection): each prefix must fail
        // with a documented exception or decode consistently, never crash or break an oracle.
        Action<byte[]> run = FuzzTargets.All[target];
        foreach (byte[] seed in FuzzSeeds.For(target))
        {
            for (int length = 0; length < seed.Length; length++)
            {
                run([0x53, .. seed.AsSpan(0, length)]);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Regressions))]
    public void Saved_findings_stay_fixed(string target, string file)
    {
        byte[] input = File.ReadAllBytes(Path.Combine(RepositoryPaths.InRepository("tests/Fuzzing/Regressions"), target, file));
        FuzzTargets.All[target](input);
    }
}
