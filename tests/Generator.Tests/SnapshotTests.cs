using System.Text;
using LambdaStreamGen.TestSupport;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;

namespace LambdaStreamGen.Generator.Tests;

/// <summary>
/// The generated sources for each case must equal the checked-in files under <c>Snapshots/&lt;case&gt;/</c>, compared
/// by Roslyn's source-generator test harness (which also compiles the result). To accept a deliberate change to the
/// generated code, run the tests once with <c>LAMBDASTREAMGEN_UPDATE_SNAPSHOTS=1</c> and review the diff.
/// </summary>
public sealed class SnapshotTests
{
    private const string Usings = "using System; using System.Collections.Generic; using System.IO; using System.Threading; using System.Threading.Tasks; using LambdaStreamGen;\n";

    // Separates the files of a case that spans several source files.
    private const string FileBreak = "\n// ---- next file ----\n";

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    private static readonly Dictionary<string, string> Cases = new()
    {
        ["GlobalNamespace"] = Usings + """
            [LambdaStreamingFunction("global-fn", Qualifier = "live")]
            public partial interface IGlobal
            {
                IAsyncEnumerable<string> LinesAsync(string? text, CancellationToken cancellationToken = default);
                Task<LambdaResponseStream> RawAsync(Stream body);
            }
            """,
        ["FileScopedWithJsonContext"] = Usings + """
            namespace Reports;

            public sealed record Query(int Year);
            public sealed record Row(int Id);
            public sealed record Page<T>(T[] Items);

            // Written by hand: System.Text.Json's own generator does not run in this harness; only the shape matters.
            public sealed class ReportsJson : System.Text.Json.Serialization.JsonSerializerContext
            {
                public ReportsJson() : base(null) { }
                public static ReportsJson Default { get; } = new();
                protected override System.Text.Json.JsonSerializerOptions? GeneratedSerializerOptions => null;
                public override System.Text.Json.Serialization.Metadata.JsonTypeInfo? GetTypeInfo(Type type) => null;
            }

            [LambdaStreamingFunction("arn:aws:lambda:eu-west-1:123456789012:function:reports", JsonContext = typeof(ReportsJson))]
            public partial interface IReports
            {
                IAsyncEnumerable<Page<Row>> PagesAsync(Query query, LambdaInvokeOptions? options = null, CancellationToken cancellationToken = default);
                [StreamFormat(StreamFormat.JsonArray)] IAsyncEnumerable<Row> ArrayAsync(Query query);
            }
            """,
        ["NestedAndSplitPartial"] = Usings + """
            namespace App
            {
                [Obsolete("use the new query")] public sealed class OldQuery { }

                public static partial class Outer
                {
                    [LambdaStreamingFunction("nested")]
                    internal partial interface INested
                    {
                        IAsyncEnumerable<byte[]> BytesAsync(OldQuery @event);
                    }
                }
            }
            """ + FileBreak + Usings + """
            namespace App
            {
                public static partial class Outer
                {
                    // The other part of the interface, in another file, without the attribute.
                    internal partial interface INested
                    {
                        IAsyncEnumerable<ReadOnlyMemory<byte>> MemoryAsync(ReadOnlyMemory<byte> @class, CancellationToken cancellationToken);
                    }
                }
            }
            """,
        ["SameNameInTwoNamespaces"] = Usings + """
            namespace First { [LambdaStreamingFunction("first")] public partial interface IClient { IAsyncEnumerable<string> GoAsync(); } }
            namespace Second
            {
                public interface IBase { IAsyncEnumerable<LambdaStreamGen.Decoding.ServerSentEvent> EventsAsync(byte[] body); }
                [LambdaStreamingFunction("second")] internal partial interface IClient : IBase { ValueTask<LambdaResponseStream> GoAsync(CancellationToken cancellationToken); }
            }
            """,
        ["NamesThatCollide"] = Usings + """
            namespace Probe.@internal
            {
                [LambdaStreamingFunction("collide")]
                public partial interface IReports
                {
                    IAsyncEnumerable<string> A(string _client, CancellationToken __token);
                    IAsyncEnumerable<string> B(string __request, LambdaInvokeOptions? __response);
                    Task<LambdaResponseStream?> C(string client);
                    ValueTask<LambdaResponseStream?> D();
                    public sealed class LambdaClient { }
                }
            }
            """,
        ["InheritedAndGenericContainer"] = Usings + """
            namespace Layers;

            [LambdaStreamingFunction("base-fn", Qualifier = "1")]
            public partial interface IBase { IAsyncEnumerable<string> BaseAsync(); }

            [LambdaStreamingFunction("derived-fn")]
            public partial interface IDerived : IBase
            {
                IAsyncEnumerable<string> OwnAsync();
                [LambdaStreamingFunction("override-fn")] IAsyncEnumerable<string> OverriddenAsync();
            }

            public partial class Outer<T> where T : class, new()
            {
                [LambdaStreamingFunction("generic-outer")]
                public partial interface IInner { IAsyncEnumerable<T> ItemsAsync(); }
            }
            """,
    };

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Generated_sources_match_the_checked_in_snapshots(string name)
    {
        string folder = RepositoryPaths.InRepository($"tests/Generator.Tests/Snapshots/{name}");
        if (Environment.GetEnvironmentVariable("LAMBDASTREAMGEN_UPDATE_SNAPSHOTS") == "1")
        {
            WriteSnapshots(folder, Cases[name]);
        }

        var test = new CSharpSourceGeneratorTest<LambdaStreamingClientGenerator, DefaultVerifier>
        {
            ReferenceAssemblies = new ReferenceAssemblies("net10.0", new PackageIdentity("Microsoft.NETCore.App.Ref", "10.0.12"), Path.Combine("ref", "net10.0")),
        };
        foreach (string file in Cases[name].Split(FileBreak))
        {
            test.TestState.Sources.Add(file);
        }

        test.TestState.AdditionalReferences.Add(MetadataReference.CreateFromFile(typeof(LambdaStreamingClient).Assembly.Location));
        string[] files = Directory.GetFiles(folder, "*.g.cs").Order(StringComparer.Ordinal).ToArray();
        Assert.NotEmpty(files);
        foreach (string file in files)
        {
            test.TestState.GeneratedSources.Add((typeof(LambdaStreamingClientGenerator), Path.GetFileName(file), SourceText.From(await File.ReadAllTextAsync(file), Encoding.UTF8)));
        }

        await test.RunAsync();
    }

    private static void WriteSnapshots(string folder, string source)
    {
        Directory.CreateDirectory(folder);
        foreach (string stale in Directory.GetFiles(folder, "*.g.cs"))
        {
            File.Delete(stale);
        }

        var (result, _) = GeneratorHarness.Run(LanguageVersion.Latest, source.Split(FileBreak));
        foreach (GeneratedSourceResult generated in result.Results.Single().GeneratedSources)
        {
            File.WriteAllText(Path.Combine(folder, generated.HintName), generated.SourceText.ToString());
        }
    }
}
