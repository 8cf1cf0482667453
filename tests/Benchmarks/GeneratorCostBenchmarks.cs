using System.Reflection;
using BenchmarkDotNet.Attributes;
using LambdaStreamGen.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LambdaStreamGen.Benchmarks;

/// <summary>
/// The generator's full, non-incremental cost on a project of 50 interfaces × 5 methods, next to System.Text.Json's
/// source generator on the same project (each interface's records declared in a JsonSerializerContext of its own, as
/// a user of JsonContext writes them). System.Text.Json's generator is the one the installed SDK ships.
/// </summary>
[Config(typeof(GeneratorBenchmarkSetup.Config))]
[MemoryDiagnoser]
public class GeneratorCostBenchmarks
{
    private const int Interfaces = 50;

    private CSharpCompilation _compilation = null!;
    private ISourceGenerator _systemTextJson = null!;

    [GlobalSetup]
    public void Setup()
    {
        var trees = new List<SyntaxTree>();
        for (int i = 0; i < Interfaces; i++)
        {
            trees.Add(CSharpSyntaxTree.ParseText($$"""
                using System.Collections.Generic;
                using System.IO;
                using System.Text.Json.Serialization;
                using System.Threading;
                using System.Threading.Tasks;
                using LambdaStreamGen;
                namespace App.N{{i}};
                public sealed record Query{{i}}(int Year, string Region, string[] Tags);
                public sealed record Row{{i}}(int Id, string Name, decimal Amount, System.DateTimeOffset At);
                public sealed record Summary{{i}}(int Count, decimal Total);
                [JsonSerializable(typeof(Query{{i}}))]
                [JsonSerializable(typeof(Row{{i}}))]
                [JsonSerializable(typeof(Summary{{i}}))]
                internal sealed partial class Json{{i}} : JsonSerializerContext;
                [LambdaStreamingFunction("function-{{i}}", JsonContext = typeof(Json{{i}}))]
                public partial interface IReports{{i}}
                {
                    IAsyncEnumerable<Row{{i}}> RunAsync(Query{{i}} query, CancellationToken cancellationToken = default);
                    [StreamFormat(StreamFormat.JsonArray)] IAsyncEnumerable<Summary{{i}}> SummaryAsync(Query{{i}} query, LambdaInvokeOptions? options = null);
                    IAsyncEnumerable<string> TailAsync(string filter, CancellationToken cancellationToken = default);
                    IAsyncEnumerable<byte[]> DownloadAsync(Stream body);
                    Task<LambdaResponseStream> RawAsync(Query{{i}} query, CancellationToken cancellationToken = default);
                }
                """));
        }

        _compilation = GeneratorBenchmarkSetup.Compile(trees);
        _systemTextJson = SystemTextJsonGenerator();
    }

    /// <summary>LambdaStreamGen's generator: 50 models built, 50 clients emitted.</summary>
    [Benchmark(Baseline = true)]
    public GeneratorDriver LambdaStreamGen() => CSharpGeneratorDriver.Create(new LambdaStreamingClientGenerator()).RunGenerators(_compilation);

    /// <summary>System.Text.Json's generator: 50 contexts of three records each.</summary>
    [Benchmark]
    public GeneratorDriver SystemTextJson() => CSharpGeneratorDriver.Create(_systemTextJson).RunGenerators(_compilation);

    // The generator the SDK passes to the compiler for this runtime: the reference pack's analyzer folder.
    private static ISourceGenerator SystemTextJsonGenerator()
    {
        string runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!;               // …/shared/Microsoft.NETCore.App/10.0.x
        string dotnet = Path.GetFullPath(Path.Combine(runtime, "..", "..", ".."));
        string version = new DirectoryInfo(runtime).Name;
        string path = Path.Combine(dotnet, "packs", "Microsoft.NETCore.App.Ref", version, "analyzers", "dotnet", "cs", "System.Text.Json.SourceGeneration.dll");
        var reference = new AnalyzerFileReference(path, new AssemblyLoader());
        return reference.GetGenerators(LanguageNames.CSharp).Single();
    }

    private sealed class AssemblyLoader : IAnalyzerAssemblyLoader
    {
        public void AddDependencyLocation(string fullPath)
        {
        }

        public Assembly LoadFromPath(string fullPath) => Assembly.LoadFrom(fullPath);
    }
}
