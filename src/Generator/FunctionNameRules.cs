using System.Text.RegularExpressions;

namespace LambdaStreamGen.Generator;

/// <summary>
/// Lambda's rules for function names and qualifiers (docs/protocol.md §1), checked at compile time. The runtime checks the
/// same rules at run time; the generator cannot share its code (it never references the runtime assembly).
/// </summary>
internal static class FunctionNameRules
{
    private static readonly Regex Address = new(
        @"^(?:arn:(aws[a-zA-Z-]*):lambda:([a-z]{2}(?:-gov)?-[a-z]+-\d{1}):)?(?:(\d{12}):)?(?:function:)?(?<name>[a-zA-Z0-9\-_]+)(?::(?<qualifier>\$LATEST(?:\.PUBLISHED)?|[a-zA-Z0-9\-_]+))?$",
        RegexOptions.CultureInvariant);

    private static readonly Regex Qualifier = new(@"^(?:\$LATEST(?:\.PUBLISHED)?|[a-zA-Z0-9\-_$]+)$", RegexOptions.CultureInvariant);

    /// <summary>Why <paramref name="value"/> is not a function name, or null when it is one.</summary>
    public static string? FunctionNameProblem(string? value)
    {
        if (value is null || value.Length == 0)
        {
            return "it is empty";
        }

        if (value.Length > 256)
        {
            return "it is longer than 256 characters";
        }

        Match match = Address.Match(value);
        if (!match.Success)
        {
            return "use a function name (letters, digits, '-', '_'), a partial ARN (123456789012:function:name) or an ARN, optionally with ':qualifier'";
        }

        return match.Groups["name"].Value.Length > 64 ? "the function name part is longer than 64 characters" : null;
    }

    public static bool IsValidQualifier(string value) => value.Length is > 0 and <= 128 && Qualifier.IsMatch(value);
}
