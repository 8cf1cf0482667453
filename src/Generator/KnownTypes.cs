using LambdaStreamGen.Generator.Model;
using Microsoft.CodeAnalysis;

namespace LambdaStreamGen.Generator;

/// <summary>The types the shape rules recognise, looked up by metadata name (the generator never references the runtime).</summary>
internal sealed class KnownTypes(Compilation compilation)
{
    private readonly INamedTypeSymbol? _asyncEnumerable = compilation.GetTypeByMetadataName("System.Collections.Generic.IAsyncEnumerable`1");
    private readonly INamedTypeSymbol? _task = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task`1");
    private readonly INamedTypeSymbol? _valueTask = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask`1");
    private readonly INamedTypeSymbol? _response = compilation.GetTypeByMetadataName("LambdaStreamGen.LambdaResponseStream");
    private readonly INamedTypeSymbol? _token = compilation.GetTypeByMetadataName("System.Threading.CancellationToken");
    private readonly INamedTypeSymbol? _options = compilation.GetTypeByMetadataName("LambdaStreamGen.LambdaInvokeOptions");
    private readonly INamedTypeSymbol? _stream = compilation.GetTypeByMetadataName("System.IO.Stream");
    private readonly INamedTypeSymbol? _memory = compilation.GetTypeByMetadataName("System.ReadOnlyMemory`1");
    private readonly INamedTypeSymbol? _serverSentEvent = compilation.GetTypeByMetadataName("LambdaStreamGen.Decoding.ServerSentEvent");
    private readonly INamedTypeSymbol? _jsonContext = compilation.GetTypeByMetadataName("System.Text.Json.Serialization.JsonSerializerContext");
    private readonly INamedTypeSymbol? _client = compilation.GetTypeByMetadataName("LambdaStreamGen.LambdaStreamingClient");
    private readonly INamedTypeSymbol? _nullable = compilation.GetTypeByMetadataName("System.Nullable`1");

    public bool IsClient(ITypeSymbol type) => Same(type, _client);

    /// <summary>Whether the type is <c>CancellationToken?</c>, which looks like a token but is not one.</summary>
    public bool IsNullableToken(ITypeSymbol type) =>
        type is INamedTypeSymbol { IsGenericType: true } named && Same(named.ConstructedFrom, _nullable) && Same(named.TypeArguments[0], _token);

    public ITypeSymbol? AsyncEnumerableItem(ITypeSymbol type) =>
        type is INamedTypeSymbol { IsGenericType: true } named && Same(named.ConstructedFrom, _asyncEnumerable) ? named.TypeArguments[0] : null;

    public bool IsTaskOfResponse(ITypeSymbol type) => IsWrapperOfResponse(type, _task);

    public bool IsValueTaskOfResponse(ITypeSymbol type) => IsWrapperOfResponse(type, _valueTask);

    public bool IsBytes(ITypeSymbol type) =>
        type is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Byte, Rank: 1 }
        || (type is INamedTypeSymbol { IsGenericType: true } named && Same(named.ConstructedFrom, _memory) && named.TypeArguments[0].SpecialType == SpecialType.System_Byte);

    public bool IsServerSentEvent(ITypeSymbol type) => Same(type, _serverSentEvent);

    public bool IsJsonSerializerContext(INamedTypeSymbol type)
    {
        for (INamedTypeSymbol? current = type; current is not null; current = current.BaseType)
        {
            if (Same(current, _jsonContext))
            {
                return true;
            }
        }

        return false;
    }

    public ParameterRole RoleOf(ITypeSymbol type)
    {
        if (Same(type, _token))
        {
            return ParameterRole.CancellationToken;
        }

        if (Same(type, _options))
        {
            return ParameterRole.InvokeOptions;
        }

        if (type.SpecialType == SpecialType.System_String)
        {
            return ParameterRole.TextPayload;
        }

        if (type is IArrayTypeSymbol && IsBytes(type))
        {
            return ParameterRole.BytesPayload;
        }

        if (IsBytes(type))
        {
            return ParameterRole.MemoryPayload;
        }

        for (ITypeSymbol? current = type; current is not null; current = current.BaseType)
        {
            if (Same(current, _stream))
            {
                return ParameterRole.StreamPayload;
            }
        }

        return ParameterRole.JsonPayload;
    }

    private bool IsWrapperOfResponse(ITypeSymbol type, INamedTypeSymbol? wrapper) =>
        type is INamedTypeSymbol { IsGenericType: true } named && Same(named.ConstructedFrom, wrapper) && Same(named.TypeArguments[0], _response);

    private static bool Same(ITypeSymbol? left, ITypeSymbol? right) =>
        left is not null && right is not null && SymbolEqualityComparer.Default.Equals(left.WithNullableAnnotation(NullableAnnotation.None), right);
}
