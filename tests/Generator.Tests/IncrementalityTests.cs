using System.Reflection;
using LambdaStreamGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace LambdaStreamGen.Generator.Tests;

/// <summary>The pipeline caches: an unchanged or unrelatedly edited compilation re-runs no step and re-emits nothing.</summary>
public sealed class IncrementalityTests
{
    private const string Interface = """
        using System.Collections.Generic;
        using System.Threading;
        using LambdaStreamGen;

        namespace App;

        public sealed record Row(int Id);

        [LambdaStreamingFunction("reports")]
        public partial interface IReports
        {
            IAsyncEnumerable<Row> RunAsync(string filter, CancellationToken cancellationToken = default);
        }
        """;

    [Fact]
    public void Unrelated_edit_leaves_every_tracked_step_cached_or_unchanged()
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(LanguageVersion.Latest, Interface, "namespace App; public static class Other { public static int Value => 1; }");
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        SyntaxTree other = compilation.SyntaxTrees.Last();
        CSharpCompilation edited = compilation.ReplaceSyntaxTree(other, other.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From("namespace App; public static class Other { public static int Value => 2; }")));
        GeneratorRunResult result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        var steps = result.TrackedSteps[LambdaStreamingClientGenerator.ModelStep];
        Assert.NotEmpty(steps);
        Assert.All(steps.SelectMany(step => step.Outputs), output => Assert.True(
            output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
            $"The model step re-ran with reason {output.Reason}."));
        Assert.All(result.TrackedOutputSteps.SelectMany(step => step.Value).SelectMany(step => step.Outputs), output =>
            Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
    }

    [Fact]
    public void Editing_the_interface_regenerates_it()
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(LanguageVersion.Latest, Interface);
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        SyntaxTree tree = compilation.SyntaxTrees.Single();
        CSharpCompilation edited = compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(Interface.Replace("\"reports\"", "\"reports-v2\"", StringComparison.Ordinal))));
        GeneratorRunResult result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        Assert.Contains(result.TrackedSteps[LambdaStreamingClientGenerator.ModelStep].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains("\"reports-v2\"", result.GeneratedSources.Single().SourceText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Model_holds_no_symbols_syntax_nodes_compilations_or_locations()
    {
        var forbidden = new[] { typeof(ISymbol), typeof(SyntaxNode), typeof(Compilation), typeof(Location), typeof(SemanticModel) };
        var seen = new HashSet<Type>();
        var pending = new Stack<Type>([typeof(ClientModel)]);
        while (pending.TryPop(out Type? type))
        {
            if (!seen.Add(type))
            {
                continue;
            }

            Assert.DoesNotContain(forbidden, f => f.IsAssignableFrom(type));
            foreach (FieldInfo field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            {
                Type fieldType = field.FieldType.IsArray ? field.FieldType.GetElementType()! : field.FieldType;
                pending.Push(fieldType);
                foreach (Type argument in fieldType.GetGenericArguments())
                {
                    pending.Push(argument);
                }
            }
        }

        Assert.Contains(typeof(MethodModel), seen);
        Assert.Contains(typeof(ParameterModel), seen);
    }
}
