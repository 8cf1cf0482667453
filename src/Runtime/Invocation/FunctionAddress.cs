using System.Diagnostics.CodeAnalysis;
using LambdaStreamGen.Rules;

namespace LambdaStreamGen.Invocation;

/// <summary>
/// A function name as Lambda accepts it (docs/protocol.md §1): a plain name, a partial ARN
/// (<c>123456789012:function:name</c>) or a full ARN, each optionally with <c>:qualifier</c>. Shared by the client,
/// which validates before sending, and the emulator, which resolves what it received. The rules themselves are
/// <see cref="FunctionNameRules"/>, the same source the generator compiles.
/// </summary>
internal sealed record FunctionAddress(string Name, string? Qualifier, string? Region, string? AccountId, string? Partition)
{
    public static bool IsValidName([NotNullWhen(true)] string? name) => FunctionNameRules.IsValidName(name);

    public static bool IsValidQualifier([NotNullWhen(true)] string? qualifier) => FunctionNameRules.QualifierProblem(qualifier) is null;

    /// <summary>Parses a <c>FunctionName</c> value, or explains why it is not one.</summary>
    /// <param name="value">The value.</param>
    /// <param name="address">The parts, when valid.</param>
    /// <param name="error">A sentence saying what is wrong, when not.</param>
    /// <returns><see langword="true"/> when the value is valid.</returns>
    public static bool TryParse(string? value, [NotNullWhen(true)] out FunctionAddress? address, [NotNullWhen(false)] out string? error)
    {
        error = FunctionNameRules.Check(value, out FunctionNameParts parts);
        address = error is null ? new FunctionAddress(parts.Name, parts.Qualifier, parts.Region, parts.AccountId, parts.Partition) : null;
        return error is null;
    }
}
