using LambdaStreamGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace LambdaStreamGen.Generator;

/// <summary>
/// Generates a client for each <c>[LambdaStreamingFunction]</c> partial interface. The pipeline is
/// <c>ForAttributeWithMetadataName</c> → an equatable <see cref="ClientModel"/> (null for a shape the analyzer
/// reports) → <see cref="ClientEmitter"/>; unrelated edits leave every step cached.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class LambdaStreamingClientGenerator : IIncrementalGenerator
{
    /// <summary>Tracking name of the step that turns an interface into its model (for incrementality tests).</summary>
    public const string ModelStep = "ClientModel";

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<ClientModel> models = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                ClientShape.AttributeName,
                static (node, _) => node is InterfaceDeclarationSyntax,
                static (attributeContext, _) => ReadModel(attributeContext))
            .Where(static model => model is not null)
            .Select(static (model, _) => model!)
            .WithTrackingName(ModelStep);

        context.RegisterSourceOutput(models, static (output, model) =>
            output.AddSource(model.HintName, SourceText.From(ClientEmitter.Emit(model), System.Text.Encoding.UTF8)));
    }

    private static ClientModel? ReadModel(GeneratorAttributeSyntaxContext attributeContext)
    {
        // The attribute on two partial declarations of one interface (a user error, CS0579) yields the interface twice;
        // only the declaration that carries its first [LambdaStreamingFunction] produces the model, so one hint name
        // is never added twice.
        var type = (INamedTypeSymbol)attributeContext.TargetSymbol;
        SyntaxReference? first = ClientShape.AttributeOf(type)?.ApplicationSyntaxReference;
        if (first is null || first.SyntaxTree != attributeContext.TargetNode.SyntaxTree || !attributeContext.TargetNode.Span.Contains(first.Span))
        {
            return null;
        }

        try
        {
            return ClientShape.Read(type, attributeContext.SemanticModel.Compilation).Model;
        }
        catch (System.Exception exception) when (exception is not System.OperationCanceledException)
        {
            // One interface the reader cannot handle must not cost every other interface its client (a generator
            // exception drops all of its output). The analyzer reads the same interface and reports the failure.
            return null;
        }
    }
}
