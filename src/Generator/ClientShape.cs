using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Linq;
using LambdaStreamGen.Generator.Model;
using LambdaStreamGen.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LambdaStreamGen.Generator;

/// <summary>
/// Reads an annotated interface once and decides what can be generated: a <see cref="ClientModel"/>, or the problems
/// that prevent it. The generator keeps only the model (null when there is any problem); the analyzer reports the
/// problems. Both use this one reading, so they never disagree about what is valid.
/// </summary>
internal sealed class ClientShape
{
    public const string AttributeName = "LambdaStreamGen.LambdaStreamingFunctionAttribute";

    private static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    private readonly List<Diagnostic> _problems = [];

    // A problem reported elsewhere (on a containing type) that still means nothing is generated.
    private bool _blocked;

    // Warnings: reported by the analyzer, but the client is still generated.
    private readonly List<Diagnostic> _warnings = [];

    // The JSON types the methods send or read, with the method and where to point.
    private readonly List<(ITypeSymbol Type, string Method, string Use, Location Location)> _jsonUses = [];
    private readonly KnownTypes _types;

    // Looking the known types up costs more than reading a typical interface, and every interface of a compilation
    // needs the same ones: share them per compilation (a new compilation after an edit gets its own).
    private static readonly ConditionalWeakTable<Compilation, KnownTypes> TypesByCompilation = new();

    private ClientShape(Compilation compilation) => _types = TypesByCompilation.GetValue(compilation, static c => new KnownTypes(c));

    public IReadOnlyList<Diagnostic> Problems => _problems;

    /// <summary>Warnings about a client that is generated all the same.</summary>
    public IReadOnlyList<Diagnostic> Warnings => _warnings;

    public ClientModel? Model { get; private set; }

    public static ClientShape Read(INamedTypeSymbol type, Compilation compilation)
    {
        var shape = new ClientShape(compilation);
        shape.Model = shape.ReadClient(type);
        if (shape._problems.Count > 0 || shape._blocked)
        {
            shape.Model = null;
        }

        return shape;
    }

    private ClientModel? ReadClient(INamedTypeSymbol type)
    {
        AttributeData? attribute = AttributeOf(type);
        Location location = type.Locations.FirstOrDefault() ?? Location.None;
        if (attribute is null)
        {
            return null;
        }

        if (type.TypeKind != TypeKind.Interface)
        {
            Report(Diagnostics.NotAnInterface, location, type.Name, type.TypeKind.ToString().ToLowerInvariant());
            return null;
        }

        if (type.IsFileLocal)
        {
            Report(Diagnostics.FileLocalInterface, location, type.Name);
        }

        if (!IsPartial(type))
        {
            Report(Diagnostics.InterfaceNotPartial, location, type.Name, " its Create factory");
        }

        // The generated part could not compile below C# 8 (a static interface member, #nullable): nothing is emitted.
        if (type.DeclaringSyntaxReferences.FirstOrDefault()?.SyntaxTree.Options is CSharpParseOptions { LanguageVersion: < LanguageVersion.CSharp8 } parse)
        {
            Report(Diagnostics.LanguageVersionTooLow, location, type.Name, parse.LanguageVersion.ToDisplayString());
        }

        // The generated part repeats every containing type, so each must be partial too (else CS0260 on the user's type).
        // The analyzer reports that on the containing type itself (ContainingTypeProblems), where a fix can apply.
        for (INamedTypeSymbol? outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            _blocked |= !IsPartial(outer);
        }

        if (type.TypeParameters.Length > 0)
        {
            Report(Diagnostics.GenericNotSupported, location, type.Name);
        }

        // The analyzer sees the final compilation, where the generator's own Create exists: only the user's counts.
        if (type.GetMembers("Create").OfType<IMethodSymbol>().FirstOrDefault(m => m.IsStatic && m.Parameters.Length == 1 && _types.IsClient(m.Parameters[0].Type) && !IsOwnGeneratedCode(m)) is { } userCreate)
        {
            Report(Diagnostics.CreateAlreadyDeclared, userCreate.Locations.FirstOrDefault() ?? location, type.Name);
        }

        (string? functionName, string? qualifier) = ReadFunction(attribute, type.Name, location);
        string? jsonContext = null;
        INamedTypeSymbol? jsonContextSymbol = null;
        foreach (KeyValuePair<string, TypedConstant> argument in attribute.NamedArguments)
        {
            if (argument.Key == "JsonContext" && argument.Value.Value is INamedTypeSymbol context)
            {
                jsonContextSymbol = context;
                if (JsonContextProblem(context) is { } problem)
                {
                    Report(Diagnostics.InvalidJsonContext, ArgumentLocation(attribute, "JsonContext") ?? location, context.Name, type.Name, problem);
                }

                jsonContext = context.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
            }
        }

        var methods = new List<MethodModel>();
        bool hidesInheritedCreate = false;
        foreach (INamedTypeSymbol declaring in new[] { type }.Concat(type.AllInterfaces))
        {
            // Methods declared in an annotated base interface call that interface's function, as its own client does.
            (string? Name, string? Qualifier) inherited = (null, null);
            if (!SymbolEqualityComparer.Default.Equals(declaring, type) && AttributeOf(declaring) is { } baseAttribute)
            {
                hidesInheritedCreate = true;
                inherited = FunctionOf(baseAttribute);
            }

            foreach (ISymbol member in declaring.GetMembers())
            {
                ReadMember(member, type, declaring, inherited, methods);
            }
        }

        if (jsonContextSymbol is not null && JsonContextProblem(jsonContextSymbol) is null)
        {
            CheckJsonContext(jsonContextSymbol, type.Name, ArgumentLocation(attribute, "JsonContext") ?? location);
        }

        if (functionName is null)
        {
            return null;
        }

        var namespaces = new List<string>();
        for (INamespaceSymbol ns = type.ContainingNamespace; !ns.IsGlobalNamespace; ns = ns.ContainingNamespace)
        {
            namespaces.Insert(0, Escape(ns.Name));
        }

        var containing = new List<string>();
        for (INamedTypeSymbol? outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            string keyword = outer.TypeKind == TypeKind.Interface ? "interface" : outer.IsRecord ? (outer.IsValueType ? "record struct" : "record") : outer.IsValueType ? "struct" : "class";
            string typeParameters = outer.TypeParameters.Length == 0 ? string.Empty : "<" + string.Join(", ", outer.TypeParameters.Select(t => Escape(t.Name))) + ">";
            containing.Insert(0, $"partial {keyword} {Escape(outer.Name)}{typeParameters}");
        }

        // The nested implementation must not collide with a member of the interface; "LambdaClient" unless taken.
        string implementation = "LambdaClient";
        for (int suffix = 1; type.GetMembers(implementation).Any(m => !IsOwnGeneratedCode(m)) || implementation == type.Name; suffix++)
        {
            implementation = "LambdaClient" + suffix.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return new ClientModel(
            HintName: MetadataName(type) + ".LambdaClient.g.cs",
            Namespace: string.Join(".", namespaces),
            InterfaceName: Escape(type.Name),
            ImplementationName: implementation,
            HidesInheritedCreate: hidesInheritedCreate,
            ContainingTypes: containing.ToEquatableArray(),
            FullyQualifiedInterface: type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
            FunctionName: functionName,
            Qualifier: qualifier,
            JsonContext: jsonContext,
            Methods: methods.ToEquatableArray());
    }

    private void ReadMember(ISymbol member, INamedTypeSymbol type, INamedTypeSymbol declaring, (string? Name, string? Qualifier) inherited, List<MethodModel> methods)
    {
        // A member of a base interface from a referenced assembly (IDisposable.Dispose, …) has no source: point at the
        // base-list entry that brought it in, the syntax the user must change.
        Location location = member.Locations.FirstOrDefault(l => l.IsInSource) ?? BaseListLocation(type, declaring) ?? type.Locations.FirstOrDefault() ?? Location.None;
        switch (member)
        {
            case IMethodSymbol { IsStatic: true, IsAbstract: true } method:
                Report(Diagnostics.UnsupportedMember, location, method.Name, "a static abstract member");
                break;
            case IMethodSymbol { MethodKind: MethodKind.Ordinary } method when !method.IsStatic && method.IsAbstract:
                if (ReadMethod(method, declaring, location, inherited) is { } model)
                {
                    methods.Add(model);
                }

                break;
            case IPropertySymbol property when property.IsAbstract:
                Report(Diagnostics.UnsupportedMember, location, member.Name, property.IsStatic ? "a static abstract property" : property.IsIndexer ? "an indexer" : "a property");
                break;
            case IEventSymbol @event when @event.IsAbstract:
                Report(Diagnostics.UnsupportedMember, location, member.Name, @event.IsStatic ? "a static abstract event" : "an event");
                break;
        }
    }

    private MethodModel? ReadMethod(IMethodSymbol method, INamedTypeSymbol declaring, Location location, (string? Name, string? Qualifier) inherited)
    {
        bool valid = true;
        if (method.IsGenericMethod)
        {
            Report(Diagnostics.GenericNotSupported, location, method.Name);
            valid = false;
        }

        ReturnShape shape;
        ITypeSymbol? item = null;
        if (_types.AsyncEnumerableItem(method.ReturnType) is { } itemType)
        {
            shape = ReturnShape.AsyncEnumerable;
            item = itemType;
        }
        else if (_types.IsTaskOfResponse(method.ReturnType))
        {
            shape = ReturnShape.TaskOfResponse;
        }
        else if (_types.IsValueTaskOfResponse(method.ReturnType))
        {
            shape = ReturnShape.ValueTaskOfResponse;
        }
        else
        {
            Report(Diagnostics.UnsupportedReturnType, location, method.Name, method.ReturnType.ToDisplayString());
            return null;
        }

        PayloadFormat format = item is null ? PayloadFormat.Bytes : DefaultFormat(item);
        AttributeData? formatAttribute = method.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == "LambdaStreamGen.StreamFormatAttribute");
        if (formatAttribute?.ConstructorArguments.FirstOrDefault().Value is int chosen)
        {
            format = (PayloadFormat)chosen;
        }

        // A raw stream is handed over undecoded: a format chosen for it would be ignored without a word.
        if (item is null && formatAttribute is not null)
        {
            Location formatLocation = formatAttribute.ApplicationSyntaxReference?.GetSyntax().GetLocation() ?? location;
            _warnings.Add(Diagnostic.Create(Diagnostics.StreamFormatOnRawStream, formatLocation, method.Name));
        }

        if (item is not null && FormatProblem(format, item) is { } problem)
        {
            Report(Diagnostics.FormatDoesNotFit, location, method.Name, format.ToString(), item.ToDisplayString(), problem);
            valid = false;
        }

        var parameters = new List<ParameterModel>();
        var payloads = new List<string>();
        Location? secondPayload = null;
        int tokens = 0;
        int options = 0;
        foreach (IParameterSymbol parameter in method.Parameters)
        {
            Location parameterLocation = parameter.Locations.FirstOrDefault(l => l.IsInSource) ?? location;
            if (parameter.RefKind != RefKind.None)
            {
                Report(Diagnostics.ByReferenceParameter, parameterLocation, method.Name, parameter.Name);
                valid = false;
            }

            if (ParameterTypeProblem(parameter.Type) is { } typeProblem)
            {
                Report(Diagnostics.UnsupportedParameterType, parameterLocation, method.Name, parameter.Name, parameter.Type.ToDisplayString(), typeProblem);
                valid = false;
                continue;
            }

            ParameterRole role = _types.RoleOf(parameter.Type);
            if (role == ParameterRole.CancellationToken && ++tokens == 2)
            {
                Report(Diagnostics.DuplicateSpecialParameter, parameterLocation, method.Name, "CancellationToken");
                valid = false;
            }

            if (role == ParameterRole.InvokeOptions && ++options == 2)
            {
                Report(Diagnostics.DuplicateSpecialParameter, parameterLocation, method.Name, "LambdaInvokeOptions");
                valid = false;
            }

            if (role is not (ParameterRole.CancellationToken or ParameterRole.InvokeOptions))
            {
                payloads.Add(parameter.Name);
                secondPayload ??= payloads.Count == 2 ? parameterLocation : null;
            }

            parameters.Add(new ParameterModel(Escape(parameter.Name), parameter.Type.ToDisplayString(TypeFormat), role, JsonTypeName(parameter.Type)));
            if (role == ParameterRole.JsonPayload)
            {
                _jsonUses.Add((parameter.Type, method.Name, "sends", parameterLocation));
            }
        }

        if (payloads.Count > 1)
        {
            Report(Diagnostics.MultiplePayloads, secondPayload ?? location, method.Name, string.Join(", ", payloads));
            valid = false;
        }

        if (item is not null && format is PayloadFormat.JsonLines or PayloadFormat.JsonArray)
        {
            _jsonUses.Add((item, method.Name, "reads", location));
        }

        AttributeData? overrideAttribute = AttributeOf(method);
        (string? functionName, string? qualifier) = overrideAttribute is null ? inherited : ReadFunction(overrideAttribute, method.Name, location);
        if (overrideAttribute is not null && functionName is null)
        {
            valid = false;
        }

        return valid
            ? new MethodModel(
                Escape(method.Name),
                declaring.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
                method.ReturnType.ToDisplayString(TypeFormat),
                shape,
                item is null ? string.Empty : JsonTypeName(item),
                format,
                parameters.ToEquatableArray(),
                functionName,
                qualifier)
            : null;
    }

    private (string? FunctionName, string? Qualifier) ReadFunction(AttributeData attribute, string owner, Location location)
    {
        string? functionName = attribute.ConstructorArguments.FirstOrDefault().Value as string;
        if (FunctionNameRules.Check(functionName, out FunctionNameParts parts) is { } problem)
        {
            Report(Diagnostics.InvalidFunctionName, ArgumentLocation(attribute, null) ?? location, functionName ?? string.Empty, owner, problem);
            functionName = null;
        }

        string? qualifier = null;
        foreach (KeyValuePair<string, TypedConstant> argument in attribute.NamedArguments)
        {
            if (argument.Key == "Qualifier" && argument.Value.Value is string value)
            {
                Location qualifierLocation = ArgumentLocation(attribute, "Qualifier") ?? location;
                if (FunctionNameRules.QualifierProblem(value) is { } qualifierProblem)
                {
                    Report(Diagnostics.InvalidQualifier, qualifierLocation, value, owner, qualifierProblem);
                    return (null, null);
                }

                // The run time refuses the pair on every call; say so where it is written.
                if (functionName is not null && parts.Qualifier is { } named && named != value)
                {
                    Report(Diagnostics.InvalidQualifier, qualifierLocation, value, owner, $"the function name '{functionName}' already names qualifier '{named}': keep one of them");
                    return (null, null);
                }

                qualifier = value;
            }
        }

        return (functionName, qualifier);
    }

    // The function of an annotated base interface, read without reporting (its own analysis reports its problems).
    private static (string? Name, string? Qualifier) FunctionOf(AttributeData attribute)
    {
        string? name = attribute.ConstructorArguments.FirstOrDefault().Value as string;
        string? qualifier = attribute.NamedArguments.FirstOrDefault(a => a.Key == "Qualifier").Value.Value as string;
        return FunctionNameRules.Check(name, out _) is null && (qualifier is null || FunctionNameRules.QualifierProblem(qualifier) is null) ? (name, qualifier) : (null, null);
    }

    /// <summary>
    /// LSG0001 for a type that is not partial but contains an annotated interface (at any depth): reported while the
    /// analyzer visits that type, so that the diagnostic is local to it.
    /// </summary>
    public static Diagnostic? ContainingTypeProblem(INamedTypeSymbol type)
    {
        if (type.TypeKind == TypeKind.Interface && AttributeOf(type) is not null || IsPartial(type))
        {
            return null;
        }

        INamedTypeSymbol? annotated = Annotated(type);
        return annotated is null
            ? null
            : Diagnostic.Create(Diagnostics.InterfaceNotPartial, type.Locations.FirstOrDefault() ?? Location.None, type.Name, $" the client of '{annotated.Name}', which it contains");

        static INamedTypeSymbol? Annotated(INamedTypeSymbol outer)
        {
            foreach (INamedTypeSymbol nested in outer.GetTypeMembers())
            {
                if ((nested.TypeKind == TypeKind.Interface && AttributeOf(nested) is not null ? nested : Annotated(nested)) is { } found)
                {
                    return found;
                }
            }

            return null;
        }
    }

    // LSG0018/LSG0019: the context must reach every JSON type the methods use, and should not be set for nothing. Only a
    // context in source is checked: its [JsonSerializable] roots and what their public properties, elements and type
    // arguments reach are what System.Text.Json generates metadata for.
    private void CheckJsonContext(INamedTypeSymbol context, string owner, Location contextLocation)
    {
        if (_jsonUses.Count == 0)
        {
            _warnings.Add(Diagnostic.Create(Diagnostics.UnusedJsonContext, contextLocation, context.Name, owner));
            return;
        }

        if (!context.DeclaringSyntaxReferences.Any())
        {
            return;
        }

        var reachable = new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default);
        var pending = new Queue<ITypeSymbol>();
        foreach (AttributeData serializable in context.GetAttributes().Where(a => a.AttributeClass?.ToDisplayString() == "System.Text.Json.Serialization.JsonSerializableAttribute"))
        {
            if (serializable.ConstructorArguments.FirstOrDefault().Value is ITypeSymbol root)
            {
                pending.Enqueue(root);
            }
        }

        while (pending.Count > 0)
        {
            ITypeSymbol next = pending.Dequeue().WithNullableAnnotation(NullableAnnotation.NotAnnotated);
            if (!reachable.Add(next))
            {
                continue;
            }

            if (next is IArrayTypeSymbol array)
            {
                pending.Enqueue(array.ElementType);
            }
            else if (next is INamedTypeSymbol named)
            {
                foreach (ITypeSymbol argument in named.TypeArguments)
                {
                    pending.Enqueue(argument);
                }

                if (named.SpecialType == SpecialType.None && named.ContainingNamespace?.ToDisplayString() is not ("System" or "System.Collections.Generic"))
                {
                    foreach (IPropertySymbol property in named.GetMembers().OfType<IPropertySymbol>().Where(p => !p.IsStatic && p.DeclaredAccessibility == Accessibility.Public && !p.IsIndexer))
                    {
                        pending.Enqueue(property.Type);
                    }
                }
            }
        }

        foreach ((ITypeSymbol type, string method, string use, Location location) in _jsonUses)
        {
            ITypeSymbol needed = type.IsReferenceType ? type.WithNullableAnnotation(NullableAnnotation.NotAnnotated) : type;
            if (!reachable.Contains(needed))
            {
                _warnings.Add(Diagnostic.Create(Diagnostics.TypeMissingFromJsonContext, location, method, use, needed.ToDisplayString(), context.Name));
            }
        }
    }

    // What this generator wrote carries [GeneratedCode("LambdaStreamGen.Generator", …)].
    private static bool IsOwnGeneratedCode(ISymbol symbol) =>
        symbol.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "System.CodeDom.Compiler.GeneratedCodeAttribute"
            && a.ConstructorArguments.FirstOrDefault().Value is "LambdaStreamGen.Generator");

    /// <summary>The first [LambdaStreamingFunction] on a symbol, or null.</summary>
    internal static AttributeData? AttributeOf(ISymbol symbol) => symbol.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == AttributeName);

    private static bool IsPartial(INamedTypeSymbol type) =>
        type.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is TypeDeclarationSyntax declaration && declaration.Modifiers.Any(SyntaxKind.PartialKeyword));

    private string? ParameterTypeProblem(ITypeSymbol type) =>
        type.IsRefLikeType ? "is a ref struct that cannot be kept across an await: take ReadOnlyMemory<byte>, byte[] or a record instead"
        : _types.IsNullableToken(type) ? "is a nullable token, not a CancellationToken: take CancellationToken (default when none is given)"
        : type.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer ? "is a pointer, which cannot be sent as a payload"
        : null;

    private string? JsonContextProblem(INamedTypeSymbol context) =>
        !_types.IsJsonSerializerContext(context) ? "does not derive from System.Text.Json.Serialization.JsonSerializerContext"
        : context.IsAbstract ? "is abstract"
        : !HasDefault(context) ? "has no static Default property of its own type"
        : null;

    // System.Text.Json's generator adds Default to a partial [JsonSerializable] context, and one generator never sees
    // another's output: such a context counts as having it. Any other context must declare it itself.
    private static bool HasDefault(INamedTypeSymbol context) =>
        context.GetMembers("Default").OfType<IPropertySymbol>().Any(p => p.IsStatic && SymbolEqualityComparer.Default.Equals(p.Type, context))
        || (IsPartial(context) && context.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "System.Text.Json.Serialization.JsonSerializableAttribute"));

    // Where an attribute argument is written: the first positional argument (name == null) or a named one.
    private static Location? ArgumentLocation(AttributeData attribute, string? name)
    {
        if (attribute.ApplicationSyntaxReference?.GetSyntax() is not AttributeSyntax syntax)
        {
            return null;
        }

        AttributeArgumentSyntax? argument = syntax.ArgumentList?.Arguments.FirstOrDefault(a => name is null ? a.NameEquals is null : a.NameEquals?.Name.Identifier.ValueText == name);
        return (argument ?? (SyntaxNode)syntax).GetLocation();
    }

    // The base-list entry of `type` that names `declaring`, or that brings it in through another base interface.
    private static Location? BaseListLocation(INamedTypeSymbol type, INamedTypeSymbol declaring)
    {
        foreach (SyntaxReference reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is InterfaceDeclarationSyntax { BaseList: { } baseList })
            {
                BaseTypeSyntax? named = baseList.Types.FirstOrDefault(t => LastIdentifier(t.Type) == declaring.Name) ?? baseList.Types.FirstOrDefault();
                if (named is not null)
                {
                    return named.GetLocation();
                }
            }
        }

        return null;
    }

    private static string? LastIdentifier(TypeSyntax type) => type switch
    {
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        _ => null,
    };

    // JSON metadata exists for T, not for T? of a reference type; nullable value types keep their '?' (int? is its own type).
    private static string JsonTypeName(ITypeSymbol type) =>
        (type.IsReferenceType ? type.WithNullableAnnotation(NullableAnnotation.NotAnnotated) : type).ToDisplayString(TypeFormat);

    private PayloadFormat DefaultFormat(ITypeSymbol item) =>
        item.SpecialType == SpecialType.System_String ? PayloadFormat.TextLines
        : _types.IsBytes(item) ? PayloadFormat.Bytes
        : _types.IsServerSentEvent(item) ? PayloadFormat.ServerSentEvents
        : PayloadFormat.JsonLines;

    private string? FormatProblem(PayloadFormat format, ITypeSymbol item) => format switch
    {
        PayloadFormat.HttpIntegrationPrelude => "the HTTP-integration prelude is read with LambdaResponseStream.ReadHttpIntegrationPreludeAsync, not as items",
        < PayloadFormat.JsonLines or > PayloadFormat.HttpIntegrationPrelude => "it is not a StreamFormat value",
        PayloadFormat.Bytes when !_types.IsBytes(item) => "raw chunks are ReadOnlyMemory<byte> or byte[]",
        PayloadFormat.TextLines when item.SpecialType != SpecialType.System_String => "text lines are strings",
        PayloadFormat.ServerSentEvents when !_types.IsServerSentEvent(item) => "server-sent events are ServerSentEvent",
        PayloadFormat.JsonLines or PayloadFormat.JsonArray when _types.IsBytes(item) || _types.IsServerSentEvent(item) => "JSON records cannot be raw bytes or events",
        _ => null,
    };

    private void Report(DiagnosticDescriptor descriptor, Location location, params object[] arguments) =>
        _problems.Add(Diagnostic.Create(descriptor, location, arguments));

    private static string Escape(string name) => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) is SyntaxKind.AwaitKeyword ? "@" + name : name;

    private static string MetadataName(INamedTypeSymbol type)
    {
        string name = type.MetadataName;
        for (INamedTypeSymbol? outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            name = outer.MetadataName + "." + name;
        }

        // Unescaped names: a hint name may not contain '@' (namespace Probe.@internal, interface @interface).
        for (INamespaceSymbol ns = type.ContainingNamespace; !ns.IsGlobalNamespace; ns = ns.ContainingNamespace)
        {
            name = ns.Name + "." + name;
        }

        return name;
    }
}
