using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LambdaStreamGen.Generator.Tests;

/// <summary>
/// In a project that asks for trimming or Native AOT analysis, an interface whose JSON goes through reflection gets one
/// LSG0017 warning on the interface; the generated file suppresses the trimming warnings it would otherwise collect.
/// (The build properties reach the analyzer as build_property.* options, which the package makes visible.)
/// </summary>
public sealed class TrimmedProjectTests
{
    private const string Usings = "using System.Collections.Generic; using System.Text.Json.Serialization; using LambdaStreamGen;\npublic sealed record Row(int Id);\n[JsonSerializable(typeof(Row))] internal sealed partial class AppJson : JsonSerializerContext;\n";

    [Theory]
    [InlineData("IsAotCompatible", "[LambdaStreamingFunction(\"f\")] public partial interface IReports { IAsyncEnumerable<Row> A(); }", true)]
    [InlineData("PublishAot", "[LambdaStreamingFunction(\"f\")] public partial interface IReports { IAsyncEnumerable<string> A(Row query); }", true)]
    [InlineData("EnableTrimAnalyzer", "[LambdaStreamingFunction(\"f\")] public partial interface IReports { IAsyncEnumerable<Row> A(); }", true)]
    [InlineData(null, "[LambdaStreamingFunction(\"f\")] public partial interface IReports { IAsyncEnumerable<Row> A(); }", false)]
    [InlineData("IsAotCompatible", "[LambdaStreamingFunction(\"f\", JsonContext = typeof(AppJson))] public partial interface IReports { IAsyncEnumerable<Row> A(); }", false)]
    [InlineData("IsAotCompatible", "[LambdaStreamingFunction(\"f\")] public partial interface IReports { IAsyncEnumerable<string> A(string text); }", false)]
    public async Task Reflection_JSON_is_one_warning_on_the_interface_in_a_trimmed_project(string? property, string source, bool expected)
    {
        // Analyzed as the build does: with the generated part of the interface in the compilation.
        var (_, compilation) = GeneratorHarness.Run(LanguageVersion.Latest, Usings + source);
        var options = new AnalyzerOptions([], new BuildProperties(property is null ? [] : new() { ["build_property." + property] = "true" }));

        ImmutableArray<Diagnostic> diagnostics = await compilation.WithAnalyzers([new LambdaStreamingClientAnalyzer()], options).GetAnalyzerDiagnosticsAsync();

        Diagnostic[] warnings = [.. diagnostics.Where(d => d.Id == "LSG0017")];
        Assert.Equal(expected ? 1 : 0, warnings.Length);
        if (expected)
        {
            Assert.Equal(DiagnosticSeverity.Warning, warnings[0].Descriptor.DefaultSeverity);
            Assert.Equal("IReports", warnings[0].Location.SourceTree!.GetText().ToString(warnings[0].Location.SourceSpan));
        }
    }

    [Fact]
    public void The_generated_client_of_a_reflection_JSON_interface_suppresses_the_trimming_warnings_it_replaces()
    {
        var (result, _) = GeneratorHarness.Run(LanguageVersion.Latest, Usings + "[LambdaStreamingFunction(\"f\")] public partial interface IReports { IAsyncEnumerable<Row> A(); }");
        string text = Assert.Single(result.GeneratedTrees).ToString();

        Assert.Contains("UnconditionalSuppressMessage(\"Trimming\", \"IL2026\", Justification = \"Reported on the interface as LSG0017.\")", text, StringComparison.Ordinal);
        Assert.Contains("UnconditionalSuppressMessage(\"AOT\", \"IL3050\"", text, StringComparison.Ordinal);
    }

    private sealed class BuildProperties(Dictionary<string, string> values) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(values);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Options([]);

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new Options([]);

        private sealed class Options(Dictionary<string, string> values) : AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
        }
    }
}
