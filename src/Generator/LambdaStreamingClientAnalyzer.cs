using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LambdaStreamGen.Generator;

/// <summary>
/// Reports every shape of a <c>[LambdaStreamingFunction]</c> type that the generator cannot serve (docs/diagnostics.md).
/// It reads the type exactly as the generator does (<see cref="ClientShape"/>), so an error here always means the
/// generator emitted nothing, never broken code.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LambdaStreamingClientAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Diagnostics.All);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterSymbolAction(AnalyzeType, SymbolKind.NamedType);
    }

    // The MSBuild properties the package makes visible (buildTransitive/LambdaStreamGen.targets).
    private static bool AsksForTrimAnalysis(AnalyzerConfigOptions options) =>
        new[] { "IsAotCompatible", "IsTrimmable", "PublishAot", "PublishTrimmed", "EnableTrimAnalyzer" }
            .Any(name => options.TryGetValue("build_property." + name, out string? value) && string.Equals(value, "true", System.StringComparison.OrdinalIgnoreCase));

    private static void AnalyzeType(SymbolAnalysisContext context)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (ClientShape.ContainingTypeProblem(type) is { } containing)
        {
            context.ReportDiagnostic(containing);
        }

        if (ClientShape.AttributeOf(type) is null)
        {
            // A method-level function on an interface without one would be ignored silently.
            if (type.TypeKind == TypeKind.Interface)
            {
                foreach (IMethodSymbol method in type.GetMembers().OfType<IMethodSymbol>())
                {
                    if (ClientShape.AttributeOf(method) is { } attribute)
                    {
                        Location location = attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken).GetLocation() ?? method.Locations.FirstOrDefault() ?? Location.None;
                        context.ReportDiagnostic(Diagnostic.Create(Diagnostics.MethodAttributeWithoutInterfaceAttribute, location, method.Name, type.Name));
                    }
                }
            }

            return;
        }

        ClientShape shape = ClientShape.Read(type, context.Compilation);
        foreach (Diagnostic problem in shape.Problems.Concat(shape.Warnings))
        {
            context.ReportDiagnostic(problem);
        }

        if (shape.Model is { UsesReflectionJson: true } && AsksForTrimAnalysis(context.Options.AnalyzerConfigOptionsProvider.GlobalOptions))
        {
            SyntaxTree? userTree = ClientShape.AttributeOf(type)?.ApplicationSyntaxReference?.SyntaxTree;
            Location location = type.Locations.FirstOrDefault(l => l.SourceTree == userTree) ?? type.Locations.FirstOrDefault() ?? Location.None;
            context.ReportDiagnostic(Diagnostic.Create(Diagnostics.ReflectionJsonInTrimmedProject, location, type.Name));
        }
    }
}
