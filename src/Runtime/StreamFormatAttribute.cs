namespace LambdaStreamGen;

/// <summary>Chooses how a generated method reads its payload when the default for its item type is not wanted.</summary>
/// <param name="format">The payload format.</param>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class StreamFormatAttribute(StreamFormat format) : Attribute
{
    /// <summary>The payload format.</summary>
    public StreamFormat Format { get; } = format;
}
