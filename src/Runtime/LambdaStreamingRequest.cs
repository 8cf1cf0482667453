using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using LambdaStreamGen.Rules;

namespace LambdaStreamGen;

/// <summary>One <c>InvokeWithResponseStream</c> call: which function, with what payload and options.</summary>
public sealed class LambdaStreamingRequest
{
    // docs/protocol.md §1: X-Amz-Client-Context carries at most 3,583 bytes of base64.
    private const int MaxClientContextBase64Length = 3583;

    private string? _clientContextBase64;
    private int? _maxRecordBytes;
    private string? _qualifier;
    private string? _tenantId;

    /// <summary>Creates a request for a function.</summary>
    /// <param name="functionName">A function name, partial ARN (<c>123456789012:function:name</c>) or full ARN, optionally ending in <c>:qualifier</c>.</param>
    /// <exception cref="ArgumentException">The name is not one Lambda accepts; the message says why.</exception>
    public LambdaStreamingRequest(string functionName)
    {
        if (FunctionNameRules.Check(functionName, out FunctionNameParts address) is { } error)
        {
            throw new ArgumentException(error, nameof(functionName));
        }

        FunctionName = functionName;
        Address = address;
    }

    /// <summary>The function name or ARN, as given.</summary>
    public string FunctionName { get; }

    /// <summary>The version or alias to invoke (the <c>Qualifier</c> query parameter); <see langword="null"/> for <c>$LATEST</c> or the one in the name.</summary>
    /// <exception cref="ArgumentException">The value is not a version, an alias or <c>$LATEST</c>, or differs from the qualifier in the function name.</exception>
    public string? Qualifier
    {
        get => _qualifier;
        set
        {
            if (value is not null && FunctionNameRules.QualifierProblem(value) is not null)
            {
                throw new ArgumentException($"'{value}' is not a qualifier: use a version number, an alias (letters, digits, '-', '_') or $LATEST, at most 128 characters.", nameof(value));
            }

            if (value is not null && Address.Qualifier is not null && value != Address.Qualifier)
            {
                throw new ArgumentException($"The qualifier '{value}' differs from the qualifier '{Address.Qualifier}' in the function name '{FunctionName}'.", nameof(value));
            }

            _qualifier = value;
        }
    }

    /// <summary>The payload sent to the function, as is. Empty by default.</summary>
    public ReadOnlyMemory<byte> Payload { get; set; }

    /// <summary>Whether the end of the log comes back (<c>X-Amz-Log-Type</c>).</summary>
    public LambdaLogType LogType { get; set; }

    /// <summary>Whether to run the function or only check the call (<c>X-Amz-Invocation-Type</c>).</summary>
    public LambdaInvocationType InvocationType { get; set; }

    /// <summary>
    /// The largest record this call's decoder buffers, overriding <see cref="LambdaStreamingClientOptions.MaxRecordBytes"/>;
    /// <see langword="null"/> for the client's.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int? MaxRecordBytes
    {
        get => _maxRecordBytes;
        set
        {
            if (value is { } limit)
            {
                Decoding.RecordLimit.Validate(limit, nameof(value));
            }

            _maxRecordBytes = value;
        }
    }

    /// <summary>The tenant of a multi-tenant function (<c>X-Amz-Tenant-Id</c>), or <see langword="null"/>.</summary>
    /// <exception cref="ArgumentException">The value is empty, over 256 characters, or has characters Lambda does not allow.</exception>
    public string? TenantId
    {
        get => _tenantId;
        set
        {
            if (value is not null && !Rules.TenantIdRule.IsValid(value))
            {
                throw new ArgumentException("A tenant id is 1 to 256 characters: letters, digits, spaces and . _ : / = + - @.", nameof(value));
            }

            _tenantId = value;
        }
    }

    /// <summary>
    /// The client context as JSON (an object), sent base64-encoded in <c>X-Amz-Client-Context</c>; <see langword="null"/> for none.
    /// </summary>
    /// <exception cref="ArgumentException">The text is not a JSON object, or its base64 form exceeds 3,583 characters.</exception>
    public string? ClientContextJson
    {
        get => _clientContextBase64 is null ? null : Encoding.UTF8.GetString(Convert.FromBase64String(_clientContextBase64));
        set => _clientContextBase64 = value is null ? null : EncodeClientContext(Encoding.UTF8.GetBytes(value));
    }

    /// <summary>The parts of <see cref="FunctionName"/>: the name, and the qualifier and ARN parts written in it.</summary>
    internal FunctionNameParts Address { get; }

    internal string? ClientContextBase64 => _clientContextBase64;

    /// <summary>Sets the payload to the UTF-8 bytes of <paramref name="text"/>.</summary>
    /// <param name="text">The payload text.</param>
    /// <returns>This request, for chaining.</returns>
    public LambdaStreamingRequest WithTextPayload(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Payload = Encoding.UTF8.GetBytes(text);
        return this;
    }

    /// <summary>Sets the payload to <paramref name="value"/> serialized as JSON (trimming- and AOT-safe).</summary>
    /// <typeparam name="T">The payload type.</typeparam>
    /// <param name="value">The value.</param>
    /// <param name="typeInfo">The type's JSON metadata, from a <c>JsonSerializerContext</c>.</param>
    /// <returns>This request, for chaining.</returns>
    public LambdaStreamingRequest WithJsonPayload<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        Payload = JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);
        return this;
    }

    /// <summary>Sets the payload to <paramref name="value"/> serialized as JSON with reflection.</summary>
    /// <typeparam name="T">The payload type.</typeparam>
    /// <param name="value">The value.</param>
    /// <param name="options">The serializer options; <see langword="null"/> for the web defaults.</param>
    /// <returns>This request, for chaining.</returns>
    [RequiresUnreferencedCode("Reflection-based JSON serialization; use the JsonTypeInfo overload for trimming and Native AOT.")]
    [RequiresDynamicCode("Reflection-based JSON serialization; use the JsonTypeInfo overload for trimming and Native AOT.")]
    public LambdaStreamingRequest WithJsonPayload<T>(T value, JsonSerializerOptions? options = null)
    {
        Payload = JsonSerializer.SerializeToUtf8Bytes(value, options ?? new JsonSerializerOptions(JsonSerializerDefaults.Web));
        return this;
    }

    /// <summary>Sets the client context to <paramref name="value"/> serialized as a JSON object (trimming- and AOT-safe).</summary>
    /// <typeparam name="T">The context type; it must serialize to a JSON object.</typeparam>
    /// <param name="value">The context.</param>
    /// <param name="typeInfo">The type's JSON metadata, from a <c>JsonSerializerContext</c>.</param>
    /// <returns>This request, for chaining.</returns>
    public LambdaStreamingRequest WithClientContext<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        _clientContextBase64 = EncodeClientContext(JsonSerializer.SerializeToUtf8Bytes(value, typeInfo));
        return this;
    }

    private static string EncodeClientContext(byte[] json)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ArgumentException($"The client context must be a JSON object, not {document.RootElement.ValueKind}.", "clientContext");
            }
        }
        catch (JsonException exception)
        {
            throw new ArgumentException($"The client context is not valid JSON: {exception.Message}", "clientContext", exception);
        }

        string base64 = Convert.ToBase64String(json);
        if (base64.Length > MaxClientContextBase64Length)
        {
            throw new ArgumentException(
                $"The client context is {json.Length} bytes of JSON, {base64.Length} characters of base64; Lambda accepts at most {MaxClientContextBase64Length}.", "clientContext");
        }

        return base64;
    }
}
