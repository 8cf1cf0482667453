using Microsoft.CodeAnalysis;

namespace LambdaStreamGen.Generator.Tests;

/// <summary>
/// What the analyzer can see about a JsonContext at compile time: a JSON type a method sends or reads that none of the
/// context's [JsonSerializable] roots reaches (LSG0018, which would otherwise fail on every call), and a context set on
/// an interface that uses no JSON (LSG0019). Both are warnings: the client is still generated.
/// </summary>
public sealed class JsonContextTests
{
    private const string Usings = "using System.Collections.Generic; using System.Text.Json.Serialization; using LambdaStreamGen;\n" +
        "public sealed record Query(int Year); public sealed record Row(int Id); public sealed record Page(Row[] Items, int Count);\n";

    [Theory]
    [InlineData("[JsonSerializable(typeof(Query))]", "IAsyncEnumerable<Row> A(Query query);", "Method 'A' reads 'Row' as JSON")]
    [InlineData("[JsonSerializable(typeof(Row))]", "IAsyncEnumerable<Row> A(Query query);", "Method 'A' sends 'Query' as JSON")]
    [InlineData("[JsonSerializable(typeof(int))]", "IAsyncEnumerable<int?> A();", "Method 'A' reads 'int?' as JSON")]
    [InlineData("[JsonSerializable(typeof(Query))][JsonSerializable(typeof(Page))]", "IAsyncEnumerable<Row> A(Query query); IAsyncEnumerable<Page> B(Query? query);", null)] // Row is reached through Page.Items
    [InlineData("[JsonSerializable(typeof(List<Row>))][JsonSerializable(typeof(Query))]", "[StreamFormat(StreamFormat.JsonArray)] IAsyncEnumerable<Row> A(Query query);", null)] // through a type argument
    public async Task A_JSON_type_no_root_of_the_context_reaches_is_a_warning_on_the_method(string roots, string members, string? expected)
    {
        string source = Usings + $"{roots} internal sealed partial class AppJson : JsonSerializerContext;\n" +
            $"[LambdaStreamingFunction(\"f\", JsonContext = typeof(AppJson))] public partial interface IReports {{ {members} }}";

        Diagnostic[] warnings = [.. (await GeneratorHarness.AnalyzeAsync(source)).Where(d => d.Id == "LSG0018")];
        var (result, _) = GeneratorHarness.Run(Microsoft.CodeAnalysis.CSharp.LanguageVersion.Latest, source);

        Assert.Single(result.GeneratedTrees); // a warning never stops generation
        if (expected is null)
        {
            Assert.Empty(warnings);
            return;
        }

        Diagnostic warning = Assert.Single(warnings);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Descriptor.DefaultSeverity);
        Assert.Contains(expected, warning.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Contains("add [JsonSerializable(typeof(", warning.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.True(warning.Location.IsInSource);
    }

    [Fact]
    public async Task A_JsonContext_on_an_interface_without_JSON_is_a_warning_on_the_argument()
    {
        string source = Usings + "[JsonSerializable(typeof(Row))] internal sealed partial class AppJson : JsonSerializerContext;\n" +
            "[LambdaStreamingFunction(\"f\", JsonContext = typeof(AppJson))] public partial interface IReports { IAsyncEnumerable<string> Lines(string filter); IAsyncEnumerable<byte[]> Bytes(); }";

        Diagnostic warning = Assert.Single(await GeneratorHarness.AnalyzeAsync(source), d => d.Id == "LSG0019");

        Assert.Equal("JsonContext = typeof(AppJson)", warning.Location.SourceTree!.GetText().ToString(warning.Location.SourceSpan));
        Assert.Contains("no method of the interface sends or reads JSON", warning.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }
}
