using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace LambdaStreamGen.Benchmarks;

/// <summary>What the generator benchmarks share: the references of a user project, and an in-process job.</summary>
internal static class GeneratorBenchmarkSetup
{
    /// <summary>A library compilation of <paramref name="trees"/> against the runtime and the LambdaStreamGen assembly.</summary>
    public static CSharpCompilation Compile(IEnumerable<SyntaxTree> trees)
    {
        MetadataReference[] references =
        [
            .. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator).Select(p => MetadataReference.CreateFromFile(p)),
            MetadataReference.CreateFromFile(typeof(LambdaStreamingClient).Assembly.Location),
        ];
        return CSharpCompilation.Create("Bench", trees, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
    }

    /// <summary>In process (the generators are loaded here), 3 warm-ups and 10 measured iterations.</summary>
    public sealed class Config : ManualConfig
    {
        public Config()
        {
            AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(3).WithIterationCount(10));
            WithOptions(ConfigOptions.DisableOptimizationsValidator);
        }
    }
}
