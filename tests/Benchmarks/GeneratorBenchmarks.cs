using System.Text;
using BenchmarkDotNet.Attributes;
using LambdaStreamGen.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace LambdaStreamGen.Benchmarks;

/// <summary>
/// The generator on a compilation with 500 annotated interfaces: a first run (everything generated) and a re-run after
/// an edit to an unrelated file (everything should come from the cache).
/// </summary>
[Config(typeof(GeneratorBenchmarkSetup.Config))]
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    private const int Interfaces = 500;

    private CSharpCompilation _compilation = null!;
    private CSharpCompilation _edited = null!;
    private GeneratorDriver _warmDriver = null!;

    [GlobalSetup]
    public void Setup()
    {
        var trees = new List<SyntaxTree>();
        for (int i = 0; i < Interfaces; i++)
        {
            trees.Add(CSharpSyntaxTree.ParseText($$"""
                using System.Collections.Generic;
                using System.Threading;
                using LambdaStreamGen;
                namespace App.N{{i}};
                public sealed record Query{{i}}(int Year);
                public sealed record Row{{i}}(int Id, string Name);
                [LambdaStreamingFunction("function-{{i}}")]
                public partial interface IReports{{i}}
                {
                    IAsyncEnumerable<Row{{i}}> RunAsync(Query{{i}} query, CancellationToken cancellationToken = default);
                    IAsyncEnumerable<string> TailAsync(string filter, CancellationToken cancellationToken = default);
                }
                """));
        }

        SyntaxTree unrelated = CSharpSyntaxTree.ParseText("namespace App; public static class Unrelated { public static int Value => 1; }");
        trees.Add(unrelated);
        _compilation = GeneratorBenchmarkSetup.Compile(trees);
        _edited = _compilation.ReplaceSyntaxTree(unrelated, unrelated.WithChangedText(SourceText.From("namespace App; public static class Unrelated { public static int Value => 2; }", Encoding.UTF8)));
        _warmDriver = NewDriver().RunGenerators(_compilation);
    }

    /// <summary>A cold run: 500 models built and 500 files emitted.</summary>
    [Benchmark(Baseline = true)]
    public GeneratorDriver FirstRun() => NewDriver().RunGenerators(_compilation);

    /// <summary>The cost of an unrelated edit: the driver that already ran sees a compilation that differs elsewhere.</summary>
    [Benchmark]
    public GeneratorDriver UnrelatedEdit() => _warmDriver.RunGenerators(_edited);

    private static GeneratorDriver NewDriver() => CSharpGeneratorDriver.Create(new LambdaStreamingClientGenerator());
}
