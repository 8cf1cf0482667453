using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace LambdaStreamGen.Invocation;

/// <summary>
/// A function name as Lambda accepts it (docs/protocol.md §1): a plain name, a partial ARN
/// (<c>123456789012:function:name</c>) or a full ARN, each optionally with <c>:qualifier</c>. Shared by the client,
/// which validates before sending, and the emulator, which resolves what it received.
/// </summary>
internal sealed partial record FunctionAddress(string Name, string? Qualifier, string? Region, string? AccountId, string? Partition)
{
    /// <summary>The longest <c>FunctionName</c> the API accepts.</summary>
    public const int MaxLength = 256;

    /// <summary>The longest plain function name.</summary>
    public const int MaxNameLength = 64;

    /// <summary>The longest qualifier.</summary>
    public const int MaxQualifierLength = 128;

    public static bool IsValidName([NotNullWhen(true)] string? name) => name is { Length: > 0 and <= MaxNameLength } && NamePattern().IsMatch(name);

    public static bool IsValidQualifier([NotNullWhen(true)] string? qualifier) => qualifier is { Length: > 0 and <= MaxQualifierLength } && QualifierPattern().IsMatch(qualifier);

    /// <summary>Parses a <c>FunctionName</c> value, or explains why it is not one.</summary>
    /// <param name="value">The value.</param>
    /// <param name="address">The parts, when valid.</param>
    /// <param name="error">A sentence saying what is wrong, when not.</param>
    /// <returns><see langword="true"/> when the value is valid.</returns>
    public static bool TryParse(string? value, [NotNullWhen(true)] out FunctionAddress? address, [NotNullWhen(false)] out string? error)
    {
        address = null;
        if (string.IsNullOrEmpty(value))
        {
            error = "The function name is empty.";
            return false;
        }

        if (value.Length > MaxLength)
        {
            error = $"The function name is {value.Length} characters long; at most {MaxLength} are allowed.";
            return false;
        }

        Match match = AddressPattern().Match(value);
        if (!match.Success)
        {
            error = $"'{value}' is not a function name, partial ARN (123456789012:function:name) or ARN (arn:aws:lambda:region:123456789012:function:name), optionally followed by ':qualifier'.";
            return false;
        }

        string name = match.Groups["name"].Value;
        if (name.Length > MaxNameLength)
        {
            error = $"The function name '{name}' is {name.Length} characters long; at most {MaxNameLength} are allowed.";
            return false;
        }

        string? qualifier = match.Groups["qualifier"].Success ? match.Groups["qualifier"].Value : null;
        if (qualifier is not null && !IsValidQualifier(qualifier))
        {
            error = $"The qualifier '{qualifier}' in '{value}' is not a version number, an alias or $LATEST.";
            return false;
        }

        address = new FunctionAddress(
            name,
            qualifier,
            match.Groups["region"].Success ? match.Groups["region"].Value : null,
            match.Groups["account"].Success ? match.Groups["account"].Value : null,
            match.Groups["partition"].Success ? match.Groups["partition"].Value : null);
        error = null;
        return true;
    }

    // The model's pattern (botocore lambda service-2.json, NamespacedFunctionName), with named groups.
    [GeneratedRegex(@"^(?:arn:(?<partition>aws[a-zA-Z-]*):lambda:(?<region>[a-z]{2}(?:-gov)?-[a-z]+-\d{1}):)?(?:(?<account>\d{12}):)?(?:function:)?(?<name>[a-zA-Z0-9\-_]+)(?::(?<qualifier>\$LATEST(?:\.PUBLISHED)?|[a-zA-Z0-9\-_]+))?$", RegexOptions.CultureInvariant)]
    private static partial Regex AddressPattern();

    [GeneratedRegex(@"^[a-zA-Z0-9\-_]+$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^(?:\$LATEST(?:\.PUBLISHED)?|[a-zA-Z0-9\-_$]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex QualifierPattern();
}
