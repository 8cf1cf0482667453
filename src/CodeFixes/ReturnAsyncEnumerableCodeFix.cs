using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LambdaStreamGen.CodeFixes;

/// <summary>
/// LSG0004: where the intent is clear, a method that returns a collection of <c>T</c> (<c>IEnumerable&lt;T&gt;</c>,
/// <c>List&lt;T&gt;</c>, <c>T[]</c>, …, or a <c>Task</c>/<c>ValueTask</c> of one) is changed to return
/// <c>IAsyncEnumerable&lt;T&gt;</c>, the streamed form of the same items. Other return types get no fix.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ReturnAsyncEnumerableCodeFix)), Shared]
public sealed class ReturnAsyncEnumerableCodeFix : CodeFixProvider
{
    private static readonly ImmutableHashSet<string> Collections = ImmutableHashSet.Create(
        "IEnumerable", "IReadOnlyList", "IReadOnlyCollection", "IList", "ICollection", "List", "IAsyncEnumerator");

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("LSG0004");

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindToken(context.Span.Start).Parent?.AncestorsAndSelf().OfType<MethodDeclarationSyntax>().FirstOrDefault() is not { } method
            || ItemType(method.ReturnType) is not { } item)
        {
            return;
        }

        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            context.RegisterCodeFix(
                CodeAction.Create($"Return IAsyncEnumerable<{item}>", token => ChangeReturnTypeAsync(context.Document, method, item, token), nameof(ReturnAsyncEnumerableCodeFix)),
                diagnostic);
        }
    }

    /// <summary>The item type of a collection return type, unwrapping one Task or ValueTask; null when unclear.</summary>
    internal static TypeSyntax? ItemType(TypeSyntax type)
    {
        if (type is NullableTypeSyntax nullable)
        {
            type = nullable.ElementType;
        }

        if (type is ArrayTypeSyntax { RankSpecifiers.Count: 1 } array && array.RankSpecifiers[0].Rank == 1)
        {
            return array.ElementType;
        }

        if (Generic(type) is not { } generic || generic.TypeArgumentList.Arguments.Count != 1)
        {
            return null;
        }

        TypeSyntax argument = generic.TypeArgumentList.Arguments[0];
        return generic.Identifier.ValueText switch
        {
            "Task" or "ValueTask" => ItemType(argument),
            string name when Collections.Contains(name) => argument,
            _ => null,
        };
    }

    private static GenericNameSyntax? Generic(TypeSyntax type) => type switch
    {
        GenericNameSyntax generic => generic,
        QualifiedNameSyntax { Right: GenericNameSyntax right } => right,
        AliasQualifiedNameSyntax { Name: GenericNameSyntax aliased } => aliased,
        _ => null,
    };

    private static async Task<Document> ChangeReturnTypeAsync(Document document, MethodDeclarationSyntax method, TypeSyntax item, CancellationToken cancellationToken)
    {
        SyntaxNode root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
        TypeSyntax asyncEnumerable = SyntaxFactory.ParseTypeName($"System.Collections.Generic.IAsyncEnumerable<{item.WithoutTrivia()}>")
            .WithAdditionalAnnotations(Microsoft.CodeAnalysis.Simplification.Simplifier.Annotation)
            .WithTriviaFrom(method.ReturnType);
        return document.WithSyntaxRoot(root.ReplaceNode(method, method.WithReturnType(asyncEnumerable)));
    }
}
