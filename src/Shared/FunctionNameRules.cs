using System.Text.RegularExpressions;

namespace LambdaStreamGen.Rules;

/// <summary>
/// Lambda's rules for the <c>FunctionName</c> and <c>Qualifier</c> of an invocation (docs/protocol.md §1). This one
/// file is compiled into the runtime, which checks names before sending, and into the generator, which checks the
/// names in attributes at compile time, so that the two checks cannot drift apart. It uses only what netstandard2.0
/// offers.
/// </summary>
internal static partial class FunctionNameRules
{
    /// <summary>The longest <c>FunctionName</c> the API accepts.</summary>
    public const int MaxLength = 256;

    /// <summary>The longest function name (the part after any ARN prefix, before any qualifier).</summary>
    public const int MaxNameLength = 64;

    /// <summary>The longest qualifier, in the query or inside the name.</summary>
    public const int MaxQualifierLength = 128;

    // The API reference's pattern for InvokeWithResponseStream's FunctionName (the model's NamespacedFunctionName),
    // with named groups; it admits every partition's ARNs (aws, aws-cn, aws-us-gov, aws-iso*, aws-eusc) and '.' in names.
    // In the model '$' ends the value and \d is an ASCII digit; in .NET '$' also matches before a final line break and
    // \d any Unicode digit, so the patterns end with \z and spell digits [0-9].
    private const string AddressPatternText =
        @"^(?:arn:(?<partition>aws[a-zA-Z-]*)?:lambda:)?(?:(?<region>[a-z]{2}(?:(?:-gov)|(?:-iso[a-z]?))?-[a-z]+-[0-9]{1}):)?(?:(?<account>[0-9]{12}):)?(?:function:)?(?<name>[a-zA-Z0-9\-_\.]+)(?::(?<qualifier>\$LATEST(?:\.PUBLISHED)?|[a-zA-Z0-9\-_]+))?\z";

    // The model's Qualifier pattern (NumericLatestPublishedOrAliasQualifier).
    private const string QualifierPatternText = @"^(?:\$LATEST(?:\.PUBLISHED)?|[a-zA-Z0-9\-_$]+)\z";

    private const string NamePatternText = @"^[a-zA-Z0-9\-_\.]+\z";

    /// <summary>Checks a <c>FunctionName</c> value; returns why it is not one Lambda accepts, or null with its parts.</summary>
    /// <param name="value">The value, as the caller wrote it.</param>
    /// <param name="parts">The name, qualifier and ARN parts, when valid.</param>
    /// <returns>A sentence saying what is wrong, or <see langword="null"/> when the value is valid.</returns>
    public static string? Check(string? value, out FunctionNameParts parts)
    {
        parts = default;
        if (value is null || value.Length == 0)
        {
            return "The function name is empty.";
        }

        if (value.Length > MaxLength)
        {
            return $"The function name is {value.Length} characters long; at most {MaxLength} are allowed.";
        }

        Match match = AddressPattern().Match(value);
        if (!match.Success)
        {
            return $"'{value}' is not a function name (letters, digits, '-', '_', '.'), partial ARN (123456789012:function:name) or ARN (arn:aws:lambda:region:123456789012:function:name), optionally followed by ':qualifier'.";
        }

        string name = match.Groups["name"].Value;
        if (name.Length > MaxNameLength)
        {
            return $"The function name '{name}' is {name.Length} characters long; at most {MaxNameLength} are allowed.";
        }

        string? qualifier = match.Groups["qualifier"].Success ? match.Groups["qualifier"].Value : null;
        if (qualifier is not null && QualifierProblem(qualifier) is { } problem)
        {
            return $"The qualifier in '{value}' is not valid: {problem}";
        }

        parts = new FunctionNameParts(
            name,
            qualifier,
            match.Groups["region"].Success ? match.Groups["region"].Value : null,
            match.Groups["account"].Success ? match.Groups["account"].Value : null,
            match.Groups["partition"].Success ? match.Groups["partition"].Value : null);
        return null;
    }

    /// <summary>Checks a <c>Qualifier</c> value; returns why it is not one Lambda accepts, or null.</summary>
    public static string? QualifierProblem(string? value)
    {
        if (value is null || value.Length == 0)
        {
            return "a qualifier is not empty.";
        }

        if (value.Length > MaxQualifierLength)
        {
            return $"'{Shorten(value)}' is {value.Length} characters long; a qualifier has at most {MaxQualifierLength}.";
        }

        return QualifierPattern().IsMatch(value)
            ? null
            : $"'{value}' is not a version number, an alias (letters, digits, '-', '_'), $LATEST or $LATEST.PUBLISHED.";
    }

    /// <summary>Whether <paramref name="name"/> is a plain function name (no ARN, no qualifier).</summary>
    public static bool IsValidName(string? name) =>
        name is not null && name.Length > 0 && name.Length <= MaxNameLength && NamePattern().IsMatch(name);

    private static string Shorten(string value) => value.Length <= 40 ? value : value.Substring(0, 40) + "…";

#if NET7_0_OR_GREATER
    [GeneratedRegex(AddressPatternText, RegexOptions.CultureInvariant)]
    private static partial Regex AddressPattern();

    [GeneratedRegex(QualifierPatternText, RegexOptions.CultureInvariant)]
    private static partial Regex QualifierPattern();

    [GeneratedRegex(NamePatternText, RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
#else
    private static readonly Regex Address = new(AddressPatternText, RegexOptions.CultureInvariant);
    private static readonly Regex Qualifier = new(QualifierPatternText, RegexOptions.CultureInvariant);
    private static readonly Regex Name = new(NamePatternText, RegexOptions.CultureInvariant);

    private static Regex AddressPattern() => Address;

    private static Regex QualifierPattern() => Qualifier;

    private static Regex NamePattern() => Name;
#endif
}

/// <summary>The parts of a valid <c>FunctionName</c>.</summary>
internal readonly struct FunctionNameParts
{
    public FunctionNameParts(string name, string? qualifier, string? region, string? accountId, string? partition)
    {
        Name = name;
        Qualifier = qualifier;
        Region = region;
        AccountId = accountId;
        Partition = partition;
    }

    /// <summary>The function name itself.</summary>
    public string Name { get; }

    /// <summary>The qualifier written inside the name, if any.</summary>
    public string? Qualifier { get; }

    /// <summary>The region of an ARN, if given.</summary>
    public string? Region { get; }

    /// <summary>The account of an ARN or partial ARN, if given.</summary>
    public string? AccountId { get; }

    /// <summary>The partition of an ARN, if given.</summary>
    public string? Partition { get; }
}
