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
                static (attributeContext, _) => ClientShape.Read((INamedTypeSymbol)attributeContext.TargetSymbol, attributeContext.SemanticModel.Compilation).Model)
            .Where(static model => model is not null)
            .Select(static (model, _) => model!)
            .WithTrackingName(ModelStep);

        context.RegisterSourceOutput(models, static (output, model) =>
            output.AddSource(model.HintName, SourceText.From(ClientEmitter.Emit(model), System.Text.Encoding.UTF8)));
    }
}
