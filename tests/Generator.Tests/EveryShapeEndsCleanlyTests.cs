using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace LambdaStreamGen.Generator.Tests;

/// <summary>
/// The generator's promise, over the shapes a user may plausibly write: each ends one of two ways. Either the
/// generated code compiles with warnings as errors (nullable on and off, C# 8 and latest), or a located LSG diagnostic
/// on the user's code says what to change and nothing is generated for that interface. Never a generator exception,
/// never a diagnostic inside a generated file, never a compiler error the generated code caused, and never another
/// interface losing its client: every case compiles beside a bystander interface that must keep its client.
/// </summary>
public sealed class EveryShapeEndsCleanlyTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;
        using System.Text.Json.Serialization;
        using LambdaStreamGen;

        """;

    private const string Bystander = """
        namespace Bystanders
        {
            [LambdaStreamGen.LambdaStreamingFunction("bystander")]
            public partial interface IBystander { System.Collections.Generic.IAsyncEnumerable<string> LinesAsync(); }
        }
        """;

    // name → (source, the LSG id expected, or null when the shape must compile cleanly)
    public static TheoryData<string, string?> Cases => new()
    {
        // Names the generator emits, colliding with the user's.
        { "[LambdaStreamingFunction(\"f\")] public partial interface IA { IAsyncEnumerable<string> A(string _client); }", null },
        { "[LambdaStreamingFunction(\"f\")] public partial interface IA { IAsyncEnumerable<string> A(string __request, CancellationToken __token); }", null },
        { "[LambdaStreamingFunction(\"f\")] public partial interface IA { IAsyncEnumerable<string> A(string client); }", null },
        { "[LambdaStreamingFunction(\"f\")] public partial interface IA { IAsyncEnumerable<string> A(); public class LambdaClient { } }", null },
        { "[LambdaStreamingFunction(\"f\")] public partial interface IA { IAsyncEnumerable<string> LambdaClient(); }", null },
        { "[LambdaStreamingFunction(\"f\")] public partial interface IA { IAsyncEnumerable<string> A(); static IA Create(LambdaStreamingClient c) => throw new NotSupportedException(); }", "LSG0013" },
        { "[LambdaStreamingFunction(\"base-fn\")] public partial interface IBase { IAsyncEnumerable<string> A(); } [LambdaStreamingFunction(\"derived-fn\")] public partial interface IDerived : IBase { IAsyncEnumerable<string> B(); }", null },
        // Hint names and declarations.
        { "namespace Probe.@internal { [LambdaStreamingFunction(\"f\")] public partial interface IA { IAsyncEnumerable<string> A(); } }", null },
        { "namespace @class.@struct { [LambdaStreamingFunction(\"f\")] public partial interface @interface { IAsyncEnumerable<string> A(); } }", null },
        { "[LambdaStreamingFunction(\"f\")] file partial interface IFileLocal { IAsyncEnumerable<string> A(); }", "LSG0014" },
        // The attribute twice (the compiler's CS0579 in the user's code): one client, never a duplicate hint name.
        { "[LambdaStreamingFunction(\"f\")] public partial interface IA { IAsyncEnumerable<string> A(); } [LambdaStreamingFunction(\"f\")] public partial interface IA { IAsyncEnumerable<string> B(); }", null },
        // Containing types.
        { "public class NotPartial { [LambdaStreamingFunction(\"f\")] public partial interface IA { IAsyncEnumerable<string> A(); } }", "LSG0001" },
        { "public partial class Outer<T> { [LambdaStreamingFunction(\"f\")] public partial interface IA { IAsyncEnumerable<string> A(); } }", null },
        { "public partial class Outer<T> where T : class, new() { [LambdaStreamingFunction(\"f\")] public partial interface IA { IAsyncEnumerable<T> A(); } }", null },
        { "public static partial class L1 { public partial struct L2 { internal partial record L3 { [LambdaStreamingFunction(\"f\")] public partial interface IA { IAsyncEnumerable<string> A(); } } } }", null },
        { "public partial record struct RS { [LambdaStreamingFunction(\"f\")] public partial interface IA { IAsyncEnumerable<string> A(); } }", null },
        // Members the client cannot implement.
        { "[LambdaStreamingFunction(\"f\")] public partial interface IA { IAsyncEnumerable<string> A(); static abstract IA Make(); }", "LSG0007" },
        // Dispose and DisposeAsync are methods of unsupported return types, reported on the base-list entry.
        { "[LambdaStreamingFunction(\"f\")] public partial interface IA : IDisposable { IAsyncEnumerable<string> A(); }", "LSG0004" },
        { "[LambdaStreamingFunction(\"f\")] public partial interface IA : IAsyncDisposable { IAsyncEnumerable<string> A(); }", "LSG0004" },
        { "[LambdaStreamingFunction(\"f\")] public partial interface IA { IAsyncEnumerable<string> A(ReadOnlySpan<byte> payload); }", "LSG0015" },
        { "[LambdaStreamingFunction(\"f\")] public partial interface IA { IAsyncEnumerable<string> A(CancellationToken? token); }", "LSG0015" },
        { "[LambdaStreamingFunction(\"f\")] public partial interface IA { IAsyncEnumerable<string> A(); void Sync(); }", "LSG0004" },
        // Nullable response types.
        { "[LambdaStreamingFunction(\"f\")] public partial interface IA { Task<LambdaResponseStream?> A(); }", null },
        { "[LambdaStreamingFunction(\"f\")] public partial interface IA { ValueTask<LambdaResponseStream?> A(CancellationToken ct); }", null },
        // JSON contexts.
        { "public sealed record Row(int Id); [JsonSerializable(typeof(Row))] public abstract partial class AbstractJson : JsonSerializerContext { } [LambdaStreamingFunction(\"f\", JsonContext = typeof(AbstractJson))] public partial interface IA { IAsyncEnumerable<Row> A(); }", "LSG0010" },
        { "public sealed record Row(int Id); public sealed class NoDefault : JsonSerializerContext { public NoDefault() : base(null) { } protected override JsonSerializerOptions? GeneratedSerializerOptions => null; public override System.Text.Json.Serialization.Metadata.JsonTypeInfo? GetTypeInfo(Type type) => null; } [LambdaStreamingFunction(\"f\", JsonContext = typeof(NoDefault))] public partial interface IA { IAsyncEnumerable<Row> A(); }", "LSG0010" },
        // Ignored input.
        { "public partial interface IA { [LambdaStreamingFunction(\"f\")] IAsyncEnumerable<string> A(); }", "LSG0016" },
        { "[LambdaStreamingFunction(\"f\")] public partial interface IA { [StreamFormat((StreamFormat)42)] IAsyncEnumerable<string> A(); }", "LSG0011" },
        { "[LambdaStreamingFunction(\"f:live\", Qualifier = \"other\")] public partial interface IA { IAsyncEnumerable<string> A(); }", "LSG0009" },
        { "[LambdaStreamingFunction(\"f:live\", Qualifier = \"live\")] public partial interface IA { IAsyncEnumerable<string> A(); }", null },
        // More shapes around them: overloads, default members, unusual payloads, shadowing user types, inherited plain interfaces.
        { "[LambdaStreamingFunction(\"f\")] public partial interface IA { IAsyncEnumerable<string> A(); IAsyncEnumerable<string> A(string text); IAsyncEnumerable<string> A(int n, CancellationToken ct); }", null },
        { "[LambdaStreamingFunction(\"f\")] public partial interface IA { IAsyncEnumerable<string> A() => throw new NotImplementedException(); IAsyncEnumerable<string> B(); }", null },
        { "[LambdaStreamingFunction(\"f\")] public partial interface IA { IAsyncEnumerable<string> A(params string[] words); }", null },
        { "[LambdaStreamingFunction(\"f\")] public partial interface IA { IAsyncEnumerable<string> A(object payload); }", null },
        { "public struct Point { public int X { get; set; } } [LambdaStreamingFunction(\"f\")] public partial interface IA { IAsyncEnumerable<Point?> A(Point? payload); }", null },
        { "public sealed class Row { public int Id { get; set; } } [LambdaStreamingFunction(\"f\")] public partial interface IA { IAsyncEnumerable<Row?> A(Row? payload = null); }", null },
        { "[LambdaStreamingFunction(\"f\")] public partial interface IA { IAsyncEnumerable<int> A((int a, string b) payload); IAsyncEnumerable<(int, string)> B(); }", null },
        { "[LambdaStreamingFunction(\"f\")] public partial interface IA { IAsyncEnumerable<byte[]> A(byte[] bytes); IAsyncEnumerable<ReadOnlyMemory<byte>> B(Stream body); }", null },
        { "[LambdaStreamingFunction(\"f\")] public partial interface IA { IAsyncEnumerable<string> A(string @event, CancellationToken @default); }", null },
        { "[Obsolete(\"old\")] public sealed class OldRow { public int Id { get; set; } } [LambdaStreamingFunction(\"f\")] public partial interface IA { [Obsolete(\"old\")] IAsyncEnumerable<OldRow> A(OldRow q); }", null },
        { "namespace User { public sealed class LambdaStreamingClient { } public sealed class LambdaResponseStream { } public static class GeneratedClientSupport { } public static class System { } [LambdaStreamGen.LambdaStreamingFunction(\"f\")] public partial interface IA { global::System.Collections.Generic.IAsyncEnumerable<string> A(string text); } }", null },
        { "[LambdaStreamingFunction(\"f\")] public partial interface IA { IAsyncEnumerable<string> A(); static int Helper() => 1; const int Limit = 3; static IA? Instance { get; set; } }", null },
        { "public interface IPlain { IAsyncEnumerable<string> A(); } public interface IPlain2 { IAsyncEnumerable<string> A(); } [LambdaStreamingFunction(\"f\")] public partial interface IA : IPlain, IPlain2 { }", null },
        { "public interface IPlain { IAsyncEnumerable<string> A(); } [LambdaStreamingFunction(\"f\")] public partial interface IA : IPlain { new IAsyncEnumerable<string> A(); }", null },
        { "public interface IPlain { IAsyncEnumerable<string> A(); } [LambdaStreamingFunction(\"f\")] public partial interface IA : IPlain { new Task<LambdaResponseStream> A(); }", null },
        { "[LambdaStreamingFunction(\"f\")] internal partial interface IA { IAsyncEnumerable<Hidden> A(Hidden h); } internal sealed class Hidden { public int X { get; set; } }", null },
        { "public partial interface IOuter { [LambdaStreamingFunction(\"f\")] public partial interface IA { IAsyncEnumerable<string> A(); } }", null },
        { "public interface IOuter { [LambdaStreamingFunction(\"f\")] public partial interface IA { IAsyncEnumerable<string> A(); } }", "LSG0001" },
        { "[LambdaStreamingFunction(\"f\")] public partial interface IA { unsafe IAsyncEnumerable<string> A(int* p); }", "LSG0015" },
        { "[LambdaStreamingFunction(\"f\")] public partial interface IA { IAsyncEnumerable<string> A(dynamic payload); }", null },
        { "[LambdaStreamingFunction(\"f\")] public partial interface IA { IAsyncEnumerable<string> A([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct); }", null },
        { "[LambdaStreamingFunction(\"f\")] public partial interface IA { IAsyncEnumerable<string> A(); IAsyncEnumerable<string> Create(); }", null },
        { "[LambdaStreamingFunction(\"f\")] public partial interface IA { IAsyncEnumerable<string> A(); public class LambdaClient1 { } public class LambdaClient2 { } }", null },
        { "[LambdaStreamingFunction(\"f\")] public partial interface IA { IAsyncEnumerable<string> A(LambdaInvokeOptions options, string text); }", null },
        { "[LambdaStreamingFunction(\"f\")] public partial interface IA { IAsyncEnumerable<string> A(LambdaInvokeOptions a, LambdaInvokeOptions b); }", "LSG0012" },
        { "[LambdaStreamingFunction(\"f\")] public partial interface IA { IAsyncEnumerable<string> A(out int x); }", "LSG0006" },
        { "[LambdaStreamingFunction(\"f\")] public partial interface IA { IAsyncEnumerable<string> A(ref readonly int x); }", "LSG0006" },
        { "[LambdaStreamingFunction(\"f\")] public partial interface IA { IAsyncEnumerable<string> A(Action callback); }", null },
        { "[LambdaStreamingFunction(\"f\")] public partial interface IA { IAsyncEnumerable<string> A(Task<int> pending); }", null },
        { "[LambdaStreamingFunction(\"f\")] public partial interface IA { IAsyncEnumerable<string>? A(); }", null },
        { "[LambdaStreamingFunction(\"f\")] public partial interface IA { Task<LambdaResponseStream>? A(); }", null },
        { "[LambdaStreamingFunction(\"f\")] public partial interface IA { IAsyncEnumerable<dynamic> A(); }", null },
        { "[LambdaStreamingFunction(\"f\")] public partial interface IA { IAsyncEnumerable<object?> A(); }", null },
        { "[LambdaStreamingFunction(\"f\")] public partial interface IA { IAsyncEnumerable<string> A(); static virtual IA Make() => throw null!; }", null },
        { "[LambdaStreamingFunction(\"f\")] public partial interface IA { IAsyncEnumerable<string> A(); sealed IAsyncEnumerable<string> B() => A(); private IAsyncEnumerable<string> C() => A(); }", null },
        { "[LambdaStreamingFunction(\"f\")] public partial interface IA { IAsyncEnumerable<string> A(); protected IAsyncEnumerable<string> P(); }", null },
        { "[LambdaStreamingFunction(\"f\")] public partial interface IA { IAsyncEnumerable<string> A(); internal IAsyncEnumerable<string> I(); }", null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_shape_compiles_cleanly_or_gets_a_located_LSG_diagnostic_and_no_code_for_net10(string source, string? expectedId)
    {
        GeneratorHarness.TargetNet8.Value = false;
        await CheckEveryVariantAsync(source, expectedId);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_shape_compiles_cleanly_or_gets_a_located_LSG_diagnostic_and_no_code_for_net8(string source, string? expectedId)
    {
        GeneratorHarness.TargetNet8.Value = true;
        await CheckEveryVariantAsync(source, expectedId);
    }

    private static async Task CheckEveryVariantAsync(string source, string? expectedId)
    {
        foreach (LanguageVersion version in new[] { LanguageVersion.CSharp8, LanguageVersion.Latest })
        {
            // C# 8 cannot parse some shapes at all (file-local types, static abstract members, records); those are the
            // compiler's to report, not the generator's.
            if (version == LanguageVersion.CSharp8 && NeedsNewerCSharp(source))
            {
                continue;
            }

            foreach (NullableContextOptions nullable in new[] { NullableContextOptions.Enable, NullableContextOptions.Disable })
            {
                string context = $"{(GeneratorHarness.TargetNet8.Value ? "net8.0" : "net10.0")}, C# {version}, nullable {nullable}: {source}";
                var (result, output) = GeneratorHarness.Run(version, nullable, Usings + source, Bystander);
                var analyzer = await GeneratorHarness.AnalyzeAsync(version, nullable, Usings + source, Bystander);

                Assert.True(result.Diagnostics.IsEmpty, $"{context}\ngenerator diagnostics: {string.Join("\n", result.Diagnostics)}");
                Assert.Contains(result.GeneratedTrees, t => t.FilePath.EndsWith("Bystanders.IBystander.LambdaClient.g.cs", StringComparison.Ordinal));
                Diagnostic[] inGenerated = [.. output.GetDiagnostics().Where(d => d.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true)];
                Assert.True(inGenerated.Length == 0, $"{context}\nin generated code: {string.Join("\n", inGenerated)}");

                Diagnostic[] lsg = [.. analyzer.Where(d => d.Id.StartsWith("LSG", StringComparison.Ordinal))];
                if (expectedId is null)
                {
                    Assert.True(lsg.Length == 0, $"{context}\nunexpected: {string.Join("\n", lsg)}");

                    // What the user's code reports on its own (a '?' with nullable off, say) is not the generator's doing.
                    HashSet<string> before = [.. GeneratorHarness.Compile(version, nullable, Usings + source, Bystander).GetDiagnostics().Select(d => d.ToString())];
                    Diagnostic[] problems = [.. output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning && !before.Contains(d.ToString()))];
                    Assert.True(problems.Length == 0, $"{context}\n{string.Join("\n", problems)}");
                    Assert.True(result.GeneratedTrees.Length >= 2, $"{context}\nno client was generated");

                    // As a build runs it: the analyzer over the compilation that holds the generated sources.
                    Diagnostic[] afterGeneration = [.. (await GeneratorHarness.AnalyzeAsync(output)).Where(d => d.Id.StartsWith("LSG", StringComparison.Ordinal))];
                    Assert.True(afterGeneration.Length == 0, $"{context}\nafter generation: {string.Join("\n", afterGeneration)}");
                }
                else
                {
                    Assert.True(lsg.Any(d => d.Id == expectedId), $"{context}\nexpected {expectedId}, got: {string.Join("\n", analyzer)}");
                    Assert.All(lsg, d => Assert.True(d.Location.IsInSource && d.Location.SourceTree!.FilePath == "Source0.cs", $"{context}\nnot located in the user's code: {d}"));
                    Assert.Single(result.GeneratedTrees); // the bystander's only
                }
            }
        }
    }

    private static bool NeedsNewerCSharp(string source) =>
        source.Contains("file partial", StringComparison.Ordinal) || source.Contains("static abstract", StringComparison.Ordinal)
        || source.Contains("record", StringComparison.Ordinal) || source.Contains("static IA Create", StringComparison.Ordinal)
        || source.Contains("static virtual", StringComparison.Ordinal) || source.Contains("ref readonly", StringComparison.Ordinal);
}
