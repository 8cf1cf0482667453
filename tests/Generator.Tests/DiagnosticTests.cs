using LambdaStreamGen.TestSupport;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace LambdaStreamGen.Generator.Tests;

/// <summary>Each diagnostic fires for its shape, names the member, points at the syntax to change, and the generator then emits nothing.</summary>
public sealed class DiagnosticTests
{
    private const string Usings = "using System; using System.Collections.Generic; using System.IO; using System.Threading; using System.Threading.Tasks; using LambdaStreamGen;\n";

    // id, a name the message must contain, the source, and the exact text the diagnostic must point at.
    public static TheoryData<string, string, string, string> Cases => new()
    {
        { "LSG0001", "IReports", "[LambdaStreamingFunction(\"f\")] public interface IReports { IAsyncEnumerable<string> A(); }", "IReports" },
        { "LSG0002", "Reports", "[LambdaStreamingFunction(\"f\")] public partial class Reports { }", "Reports" },
        { "LSG0003", "IReports", "[LambdaStreamingFunction(\"f\")] public partial interface IReports<T> { IAsyncEnumerable<T> A(); }", "IReports" },
        { "LSG0003", "A", "[LambdaStreamingFunction(\"f\")] public partial interface IReports { IAsyncEnumerable<T> A<T>(); }", "A" },
        { "LSG0004", "A", "[LambdaStreamingFunction(\"f\")] public partial interface IReports { Task<string> A(); }", "A" },
        { "LSG0005", "A", "[LambdaStreamingFunction(\"f\")] public partial interface IReports { IAsyncEnumerable<string> A(string one, int two); }", "two" },
        { "LSG0006", "A", "[LambdaStreamingFunction(\"f\")] public partial interface IReports { IAsyncEnumerable<string> A(ref int x); }", "x" },
        { "LSG0006", "A", "[LambdaStreamingFunction(\"f\")] public partial interface IReports { IAsyncEnumerable<string> A(in int x); }", "x" },
        { "LSG0007", "Count", "[LambdaStreamingFunction(\"f\")] public partial interface IReports { int Count { get; } }", "Count" },
        { "LSG0007", "Changed", "[LambdaStreamingFunction(\"f\")] public partial interface IReports { event EventHandler Changed; }", "Changed" },
        { "LSG0007", "this[]", "[LambdaStreamingFunction(\"f\")] public partial interface IReports { string this[int i] { get; } }", "this" },
        { "LSG0008", "IReports", "[LambdaStreamingFunction(\"\")] public partial interface IReports { IAsyncEnumerable<string> A(); }", "\"\"" },
        { "LSG0008", "IReports", "[LambdaStreamingFunction(\"has space\")] public partial interface IReports { IAsyncEnumerable<string> A(); }", "\"has space\"" },
        { "LSG0008", "A", "[LambdaStreamingFunction(\"f\")] public partial interface IReports { [LambdaStreamingFunction(\"arn:aws:s3:::bucket\")] IAsyncEnumerable<string> A(); }", "\"arn:aws:s3:::bucket\"" },
        { "LSG0009", "IReports", "[LambdaStreamingFunction(\"f\", Qualifier = \"not valid\")] public partial interface IReports { IAsyncEnumerable<string> A(); }", "Qualifier = \"not valid\"" },
        { "LSG0010", "IReports", "[LambdaStreamingFunction(\"f\", JsonContext = typeof(string))] public partial interface IReports { IAsyncEnumerable<string> A(); }", "JsonContext = typeof(string)" },
        { "LSG0011", "A", "[LambdaStreamingFunction(\"f\")] public partial interface IReports { [StreamFormat(StreamFormat.Bytes)] IAsyncEnumerable<string> A(); }", "A" },
        { "LSG0012", "A", "[LambdaStreamingFunction(\"f\")] public partial interface IReports { IAsyncEnumerable<string> A(CancellationToken a, CancellationToken b); }", "b" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Unservable_shape_is_reported_where_it_must_change_and_nothing_is_generated(string id, string member, string source, string located)
    {
        var diagnostics = await GeneratorHarness.AnalyzeAsync(Usings + source);
        var (result, _) = GeneratorHarness.Run(LanguageVersion.Latest, Usings + source);

        Diagnostic diagnostic = Assert.Single(diagnostics, d => d.Id == id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Contains(member.TrimEnd('[', ']').Replace("this", string.Empty, StringComparison.Ordinal), diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.True(string.IsNullOrEmpty(diagnostic.Descriptor.HelpLinkUri), "a relative help link is a dead link in every IDE");
        Assert.Empty(result.GeneratedTrees);
        Assert.True(diagnostic.Location.IsInSource, $"{id} has no source location");
        Assert.Equal(located, diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan));
    }

    [Theory]
    [InlineData("Task<LambdaResponseStream> A();")]
    [InlineData("ValueTask<LambdaResponseStream?> A(CancellationToken ct);")]
    public async Task StreamFormat_on_a_raw_stream_is_a_warning_on_the_attribute_and_the_client_is_still_generated(string method)
    {
        string source = Usings + $"[LambdaStreamingFunction(\"f\")] public partial interface IReports {{ [StreamFormat(StreamFormat.JsonLines)] {method} }}";

        Diagnostic warning = Assert.Single(await GeneratorHarness.AnalyzeAsync(source), d => d.Id.StartsWith("LSG", StringComparison.Ordinal));
        var (result, output) = GeneratorHarness.Run(LanguageVersion.Latest, source);

        Assert.Equal("LSG0020", warning.Id);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Descriptor.DefaultSeverity);
        Assert.Equal("StreamFormat(StreamFormat.JsonLines)", warning.Location.SourceTree!.GetText().ToString(warning.Location.SourceSpan));
        Assert.Contains("Method 'A' returns the raw LambdaResponseStream", warning.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Single(result.GeneratedTrees);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
    }

    [Theory]
    [InlineData(LanguageVersion.CSharp7_3)]
    [InlineData(LanguageVersion.CSharp7)]
    public async Task A_project_below_CSharp_8_gets_a_located_error_and_no_code_it_could_not_compile(LanguageVersion version)
    {
        // The generated part adds a static member to the interface and uses nullable annotations: C# 8 features.
        string source = Usings + "[LambdaStreamingFunction(\"f\")] public partial interface IReports { IAsyncEnumerable<string> A(); }";

        Diagnostic[] lsg = [.. (await GeneratorHarness.AnalyzeAsync(version, NullableContextOptions.Disable, source)).Where(d => d.Id.StartsWith("LSG", StringComparison.Ordinal))];
        var (result, output) = GeneratorHarness.Run(version, NullableContextOptions.Disable, source);

        Diagnostic error = Assert.Single(lsg);
        Assert.Equal("LSG0021", error.Id);
        Assert.Equal("IReports", error.Location.SourceTree!.GetText().ToString(error.Location.SourceSpan));
        Assert.Contains("C# 8", error.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Empty(result.GeneratedTrees);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public async Task Valid_interface_has_no_diagnostics()
    {
        var diagnostics = await GeneratorHarness.AnalyzeAsync(Usings + "[LambdaStreamingFunction(\"arn:aws:lambda:us-east-1:123456789012:function:f\", Qualifier = \"live\")] public partial interface IReports { IAsyncEnumerable<string> A(string text, CancellationToken ct = default); }");

        Assert.Empty(diagnostics);
    }

    [Fact]
    public void Every_diagnostic_is_documented()
    {
        string docs = File.ReadAllText(RepositoryPaths.InRepository("docs/diagnostics.md"));

        Assert.All(Diagnostics.All, d =>
        {
            // Each id has its section, and the section shows code: what is wrong and what is right.
            int start = docs.IndexOf($"## {d.Id}\n", StringComparison.Ordinal);
            Assert.True(start >= 0, $"{d.Id} is not documented");
            int end = docs.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
            string section = end < 0 ? docs[start..] : docs[start..end];
            Assert.True(section.Contains("```csharp", StringComparison.Ordinal) || section.Contains("```xml", StringComparison.Ordinal), $"{d.Id} shows no code");
        });
    }
}
