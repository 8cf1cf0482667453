using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using LambdaStreamGen.Decoding;

namespace LambdaStreamGen;

/// <summary>
/// The plumbing that source-generated clients call. Not meant for direct use: the generator is its only caller, and
/// it may change with the generator.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GeneratedClientSupport
{
    /// <summary>Builds the request of one generated call.</summary>
    /// <param name="functionName">The function from the attribute.</param>
    /// <param name="qualifier">The qualifier from the attribute.</param>
    /// <param name="options">The per-call options, which override the qualifier.</param>
    /// <returns>The request, without payload.</returns>
    public static LambdaStreamingRequest CreateRequest(string functionName, string? qualifier, LambdaInvokeOptions? options)
    {
        var request = new LambdaStreamingRequest(functionName);
        string? effective = options?.Qualifier ?? qualifier;
        if (effective is not null && request.Address.Qualifier is null)
        {
            request.Qualifier = effective;
        }

        if (options is not null)
        {
            request.LogType = options.LogType;
            request.MaxRecordBytes = options.MaxRecordBytes;
            request.TenantId = options.TenantId;
            request.ClientContextJson = options.ClientContextJson;
            request.InvocationType = options.DryRun ? LambdaInvocationType.DryRun : LambdaInvocationType.RequestResponse;
        }

        return request;
    }

    /// <summary>
    /// The <see cref="JsonTypeInfo{T}"/> of a type from the client's <see cref="LambdaStreamingClientOptions.JsonSerializerOptions"/>,
    /// for interfaces without a <c>JsonContext</c>.
    /// </summary>
    /// <typeparam name="T">The type.</typeparam>
    /// <param name="client">The client.</param>
    /// <returns>The metadata, built by reflection.</returns>
    [RequiresUnreferencedCode("Reflection-based JSON; set JsonContext on [LambdaStreamingFunction] for trimming and Native AOT.")]
    [RequiresDynamicCode("Reflection-based JSON; set JsonContext on [LambdaStreamingFunction] for trimming and Native AOT.")]
    public static JsonTypeInfo<T> ReflectionTypeInfo<T>(LambdaStreamingClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return (JsonTypeInfo<T>)client.JsonSerializerOptions.GetTypeInfo(typeof(T));
    }

    /// <summary>The <see cref="JsonTypeInfo{T}"/> of a type in a source-generated context (no reflection).</summary>
    /// <typeparam name="T">The type.</typeparam>
    /// <param name="context">The context.</param>
    /// <returns>The metadata.</returns>
    /// <exception cref="InvalidOperationException">The context does not declare <typeparamref name="T"/>.</exception>
    public static JsonTypeInfo<T> TypeInfo<T>(System.Text.Json.Serialization.JsonSerializerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.GetTypeInfo(typeof(T)) as JsonTypeInfo<T>
            ?? throw new InvalidOperationException($"{context.GetType().Name} has no JSON metadata for {CSharpName(typeof(T))}: add [JsonSerializable(typeof({CSharpName(typeof(T))}))] to it.");
    }

    /// <summary>Invokes and hands the response to the caller (the <c>Task&lt;LambdaResponseStream&gt;</c> shape).</summary>
    /// <param name="client">The client.</param>
    /// <param name="request">The request.</param>
    /// <param name="payload">A stream to send as the payload, read to its end first, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response stream.</returns>
    public static async Task<LambdaResponseStream> InvokeAsync(LambdaStreamingClient client, LambdaStreamingRequest request, Stream? payload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        if (payload is not null)
        {
            await ReadPayloadIntoAsync(request, payload, cancellationToken).ConfigureAwait(false);
        }

        return await client.InvokeAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads a stream payload to its end into the request.</summary>
    internal static async Task ReadPayloadIntoAsync(LambdaStreamingRequest request, Stream payload, CancellationToken cancellationToken) =>
        request.Payload = await ReadPayloadAsync(payload, cancellationToken).ConfigureAwait(false);

    /// <summary>The <c>Task&lt;LambdaResponseStream?&gt;</c> shape: as <see cref="InvokeAsync"/>, typed for a nullable result.</summary>
    /// <param name="client">The client.</param>
    /// <param name="request">The request.</param>
    /// <param name="payload">A stream to send as the payload, read to its end first, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response stream (never null).</returns>
    public static async Task<LambdaResponseStream?> InvokeNullableAsync(LambdaStreamingClient client, LambdaStreamingRequest request, Stream? payload, CancellationToken cancellationToken) =>
        await InvokeAsync(client, request, payload, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Invokes when enumeration starts and reads the response with <paramref name="read"/>. Both the method's token and
    /// a token given through <c>WithCancellation</c> cancel it.
    /// </summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="client">The client.</param>
    /// <param name="request">The request.</param>
    /// <param name="payload">A stream to send as the payload, read to its end first, or <see langword="null"/>.</param>
    /// <param name="read">Reads items from the response.</param>
    /// <param name="cancellationToken">The generated method's token.</param>
    /// <returns>The items.</returns>
    public static IAsyncEnumerable<T> StreamAsync<T>(
        LambdaStreamingClient client,
        LambdaStreamingRequest request,
        Stream? payload,
        Func<LambdaResponseStream, CancellationToken, IAsyncEnumerable<T>> read,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(read);
        return new DeferredInvocationEnumerable<T>(client, request, payload, read, cancellationToken);
    }

    /// <summary>Raw chunks copied to arrays, for the <c>IAsyncEnumerable&lt;byte[]&gt;</c> shape.</summary>
    /// <param name="response">The response.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>One array per chunk.</returns>
    public static async IAsyncEnumerable<byte[]> ReadChunkArraysAsync(LambdaResponseStream response, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(response);
        await foreach (ReadOnlyMemory<byte> chunk in response.ReadChunksAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return chunk.ToArray();
        }
    }

    /// <summary>Raw chunks copied out of the reader's buffer, for the <c>IAsyncEnumerable&lt;ReadOnlyMemory&lt;byte&gt;&gt;</c> shape of a generated client (whose callers may keep them).</summary>
    /// <param name="response">The response.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>One block of memory per chunk.</returns>
    public static async IAsyncEnumerable<ReadOnlyMemory<byte>> ReadChunkCopiesAsync(LambdaResponseStream response, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (byte[] chunk in ReadChunkArraysAsync(response, cancellationToken).ConfigureAwait(false))
        {
            yield return chunk;
        }
    }

    /// <summary>Server-sent events, for the <c>IAsyncEnumerable&lt;ServerSentEvent&gt;</c> shape.</summary>
    /// <param name="response">The response.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The events.</returns>
    public static IAsyncEnumerable<ServerSentEvent> ReadServerSentEventsAsync(LambdaResponseStream response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.ReadServerSentEventsAsync(cancellationToken);
    }

    // int? rather than Nullable`1, Page<Row> rather than Page`1: the name as the user writes it in [JsonSerializable].
    private static string CSharpName(Type type)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return CSharpName(underlying) + "?";
        }

        if (!type.IsGenericType)
        {
            return type.Name;
        }

        string name = type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)];
        return $"{name}<{string.Join(", ", type.GetGenericArguments().Select(CSharpName))}>";
    }

    private static async Task<ReadOnlyMemory<byte>> ReadPayloadAsync(Stream payload, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        await payload.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }
}
