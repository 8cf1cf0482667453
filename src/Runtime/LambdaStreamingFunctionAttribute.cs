namespace LambdaStreamGen;

/// <summary>
/// Marks a <see langword="partial"/> interface whose methods call a Lambda streaming function: the source generator
/// implements it and adds a static <c>Create(LambdaStreamingClient)</c> factory. On a method, it overrides the
/// function (and qualifier) for that method, for interfaces that group several functions.
/// </summary>
/// <example>
/// <code>
/// [LambdaStreamingFunction("report-generator", Qualifier = "live")]
/// public partial interface IReports
/// {
///     IAsyncEnumerable&lt;ReportRow&gt; RunAsync(ReportQuery query, CancellationToken cancellationToken = default);
/// }
/// </code>
/// </example>
/// <param name="functionName">The function name, partial ARN or full ARN.</param>
[AttributeUsage(AttributeTargets.Interface | AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class LambdaStreamingFunctionAttribute(string functionName) : Attribute
{
    /// <summary>The function name, partial ARN or full ARN.</summary>
    public string FunctionName { get; } = functionName;

    /// <summary>The version or alias to invoke; <see langword="null"/> for <c>$LATEST</c>.</summary>
    public string? Qualifier { get; set; }

    /// <summary>
    /// A <c>JsonSerializerContext</c> type: when set, all JSON goes through its <c>JsonTypeInfo</c>s and the generated
    /// client is trimming- and Native-AOT-safe. Only meaningful on the interface.
    /// </summary>
    public Type? JsonContext { get; set; }
}
