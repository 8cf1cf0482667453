using System.Text.RegularExpressions;
using LambdaStreamGen.Local;
using LambdaStreamGen.TestSupport;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace LambdaStreamGen.Generator.Tests;

/// <summary>
/// Every C# block in README.md compiles (with the generator running, as in a user's project), so the README cannot
/// drift from the API. A support file declares only what the snippets leave to the reader: their record types, a
/// JSON context, a report generator, a response stream and a token.
/// </summary>
public sealed partial class ReadmeCodeTests
{
    private const string Support = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Threading;
        global using System.Threading.Tasks;
        global using static ReadmeSupport;
        using System.Text.Json;
        using System.Text.Json.Serialization;
        using System.Text.Json.Serialization.Metadata;

        public sealed record ReportQuery(int Year);
        public sealed record ReportRow(int Id);
        public sealed record FileRef(string Key);

        // Stands in for a [JsonSerializable] context (System.Text.Json's generator does not run in this test).
        public sealed class AppJson : JsonSerializerContext
        {
            public AppJson() : base(null) { }
            public static AppJson Default { get; } = new();
            public JsonTypeInfo<ReportQuery> ReportQuery => throw new NotSupportedException();
            public JsonTypeInfo<ReportRow> ReportRow => throw new NotSupportedException();
            protected override JsonSerializerOptions? GeneratedSerializerOptions => null;
            public override JsonTypeInfo? GetTypeInfo(Type type) => null;
        }

        public static class ReadmeSupport
        {
            public static CancellationToken cancellationToken => CancellationToken.None;
            public static Stream responseStream => Stream.Null;
            public static IEnumerable<ReportRow> Generate(ReportQuery query) => [new ReportRow(query.Year)];
        }
        """;

    public static TheoryData<int> Blocks => [.. Enumerable.Range(0, CSharpBlocks().Count)];

    [Fact]
    public void Readme_has_csharp_blocks()
    {
        Assert.True(CSharpBlocks().Count >= 4, "README.md should show C# examples.");
    }

    [Theory]
    [MemberData(nameof(Blocks))]
    public void Readme_csharp_block_compiles(int index)
    {
        string block = CSharpBlocks()[index];
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        MetadataReference[] references =
        [
            .. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator).Select(p => MetadataReference.CreateFromFile(p)),
            MetadataReference.CreateFromFile(typeof(LambdaStreamingClient).Assembly.Location),
            MetadataReference.CreateFromFile(typeof(LocalLambdaServer).Assembly.Location),

            // The dependency-injection package and the hosting assemblies an application would reference with it.
            .. Directory.GetFiles(AppContext.BaseDirectory, "*.dll")
                .Where(p => Path.GetFileName(p) is var name && (name.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal) || name.StartsWith("AWSSDK.Extensions.", StringComparison.Ordinal) || name is "LambdaStreamGen.DependencyInjection.dll" or "LambdaStreamGen.AspNetCore.dll"))
                .Select(p => MetadataReference.CreateFromFile(p)),
        ];
        var compilation = CSharpCompilation.Create(
            "Readme",
            [CSharpSyntaxTree.ParseText(block, parse, path: "Readme.cs"), CSharpSyntaxTree.ParseText(Support, parse, path: "Support.cs")],
            references,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable)
                // As the .NET SDK does for every project: a reference built against an older version of an assembly binds to the newer one.
                .WithSpecificDiagnosticOptions([new("CS1701", ReportDiagnostic.Suppress), new("CS1702", ReportDiagnostic.Suppress)]));

        GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out _);

        var problems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, $"README block {index} does not compile cleanly:\n{string.Join("\n", problems)}\n---\n{block}");
    }

    private static List<string> CSharpBlocks()
    {
        string readme = File.ReadAllText(RepositoryPaths.InRepository("README.md"));
        return [.. CSharpBlock().Matches(readme).Select(m => m.Groups[1].Value)];
    }

    [GeneratedRegex("```csharp\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
