using LambdaStreamGen.CodeFixes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace LambdaStreamGen.Generator.Tests;

/// <summary>
/// The code fixes, run by the Roslyn code-fix test framework against the real analyzer: the diagnostic is found where
/// expected, the fix produces the expected source, and Fix All fixes every occurrence in one step.
/// </summary>
public sealed class CodeFixTests
{
    private const string Usings = "using System.Collections.Generic;\nusing System.Threading.Tasks;\nusing LambdaStreamGen;\n\n";

    [Fact]
    public async Task Make_partial_adds_the_modifier_to_the_interface()
    {
        await VerifyAsync<MakePartialCodeFix>(
            Usings + "[LambdaStreamingFunction(\"f\")]\npublic interface {|LSG0001:IReports|}\n{\n    IAsyncEnumerable<string> A();\n}\n",
            Usings + "[LambdaStreamingFunction(\"f\")]\npublic partial interface IReports\n{\n    IAsyncEnumerable<string> A();\n}\n");
    }

    [Fact]
    public async Task Make_partial_fixes_every_containing_type_with_Fix_All()
    {
        await VerifyAsync<MakePartialCodeFix>(
            Usings + "public static class {|LSG0001:Outer|}\n{\n    internal class {|LSG0001:Middle|}\n    {\n        [LambdaStreamingFunction(\"f\")]\n        public interface {|LSG0001:IReports|} { IAsyncEnumerable<string> A(); }\n    }\n}\n",
            Usings + "public static partial class Outer\n{\n    internal partial class Middle\n    {\n        [LambdaStreamingFunction(\"f\")]\n        public partial interface IReports { IAsyncEnumerable<string> A(); }\n    }\n}\n");
    }

    [Fact]
    public async Task Make_partial_keeps_a_modifierless_declarations_leading_trivia()
    {
        await VerifyAsync<MakePartialCodeFix>(
            Usings + "// a comment\n[LambdaStreamingFunction(\"f\")]\ninterface {|LSG0001:IReports|} { IAsyncEnumerable<string> A(); }\n",
            Usings + "// a comment\n[LambdaStreamingFunction(\"f\")]\npartial interface IReports { IAsyncEnumerable<string> A(); }\n");
    }

    [Fact]
    public async Task A_collection_return_type_becomes_IAsyncEnumerable_of_its_items_with_Fix_All()
    {
        await VerifyAsync<ReturnAsyncEnumerableCodeFix>(
            Usings + "public sealed record Row(int Id);\n\n[LambdaStreamingFunction(\"f\")]\npublic partial interface IReports\n{\n    Task<List<Row>> {|LSG0004:AllAsync|}();\n    IEnumerable<string> {|LSG0004:Lines|}();\n    ValueTask<Row[]> {|LSG0004:ArrayAsync|}();\n}\n",
            Usings + "public sealed record Row(int Id);\n\n[LambdaStreamingFunction(\"f\")]\npublic partial interface IReports\n{\n    IAsyncEnumerable<Row> AllAsync();\n    IAsyncEnumerable<string> Lines();\n    IAsyncEnumerable<Row> ArrayAsync();\n}\n");
    }

    [Fact]
    public async Task A_return_type_whose_intent_is_unclear_gets_no_fix()
    {
        string source = Usings + "[LambdaStreamingFunction(\"f\")]\npublic partial interface IReports\n{\n    Task<string> {|LSG0004:OneAsync|}();\n}\n";

        await VerifyAsync<ReturnAsyncEnumerableCodeFix>(source, source, fixedKeepsDiagnostics: true);
    }

    private static async Task VerifyAsync<TCodeFix>(string source, string fixedSource, bool fixedKeepsDiagnostics = false)
        where TCodeFix : CodeFixProvider, new()
    {
        var test = new CSharpCodeFixTest<LambdaStreamingClientAnalyzer, TCodeFix, DefaultVerifier>
        {
            TestCode = source,
            FixedCode = fixedSource,
            ReferenceAssemblies = new ReferenceAssemblies("net10.0", new PackageIdentity("Microsoft.NETCore.App.Ref", "10.0.12"), Path.Combine("ref", "net10.0")),
        };
        test.TestState.AdditionalReferences.Add(MetadataReference.CreateFromFile(typeof(LambdaStreamingClient).Assembly.Location));
        test.FixedState.AdditionalReferences.Add(MetadataReference.CreateFromFile(typeof(LambdaStreamingClient).Assembly.Location));
        if (fixedKeepsDiagnostics)
        {
            test.FixedState.MarkupHandling = MarkupMode.Allow;
        }

        await test.RunAsync();
    }
}
