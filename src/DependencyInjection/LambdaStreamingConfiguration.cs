using System.Globalization;
using System.Runtime.CompilerServices;
using LambdaStreamGen;
using Microsoft.Extensions.Configuration;

namespace LambdaStreamGen.DependencyInjection;

/// <summary>
/// Reads <see cref="LambdaStreamingClientOptions"/> from a configuration section, by hand rather than through the
/// reflection binder: it is trimming- and AOT-safe, and every problem (a value that does not parse, a key that is no
/// setting, usually a typo) is kept with the full key that caused it, for the start-up validation to report together.
/// </summary>
internal static class LambdaStreamingConfiguration
{
    // The keys a section may hold: the options' settable scalars. Credentials, JSON options and the logger factory
    // are objects, set in code (or by the host) rather than in configuration.
    private static readonly string[] Keys =
    [
        nameof(LambdaStreamingClientOptions.Region),
        nameof(LambdaStreamingClientOptions.ServiceUrl),
        nameof(LambdaStreamingClientOptions.Profile),
        nameof(LambdaStreamingClientOptions.ProfilesLocation),
        nameof(LambdaStreamingClientOptions.UseFips),
        nameof(LambdaStreamingClientOptions.UseDualStack),
        nameof(LambdaStreamingClientOptions.MaxAttempts),
        nameof(LambdaStreamingClientOptions.ResponseHeadersTimeout),
        nameof(LambdaStreamingClientOptions.IdleTimeout),
        nameof(LambdaStreamingClientOptions.TotalTimeout),
        nameof(LambdaStreamingClientOptions.MaxRecordBytes),
        nameof(LambdaStreamingClientOptions.LogPayloadBytes),
        nameof(LambdaStreamingClientOptions.PropagateTraceHeader),
    ];

    // Problems found while binding, kept beside the options object they were found for (each named options instance
    // is built once per container), so that the validator reports them instead of a first exception hiding the rest.
    private static readonly ConditionalWeakTable<LambdaStreamingClientOptions, List<string>> Problems = new();

    public static IReadOnlyList<string> ProblemsOf(LambdaStreamingClientOptions options) =>
        Problems.TryGetValue(options, out List<string>? problems) ? problems : [];

    public static void Bind(IConfiguration section, LambdaStreamingClientOptions options)
    {
        var problems = new List<string>();
        foreach (IConfigurationSection child in section.GetChildren())
        {
            string key = child.Key;
            string path = child.Path;
            string? value = child.Value;
            if (Keys.FirstOrDefault(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase)) is not { } setting)
            {
                problems.Add($"'{path}' is not a setting of LambdaStreamingClientOptions; the settings are {string.Join(", ", Keys)}.");
                continue;
            }

            if (value is null)
            {
                problems.Add($"'{path}' must be a single value, not a section.");
                continue;
            }

            string? problem = Apply(options, setting, value.Trim());
            if (problem is not null)
            {
                problems.Add($"'{path}': {problem}");
            }
        }

        if (problems.Count > 0)
        {
            Problems.AddOrUpdate(options, problems);
        }
    }

    private static string? Apply(LambdaStreamingClientOptions options, string setting, string value)
    {
        switch (setting)
        {
            case nameof(LambdaStreamingClientOptions.Region):
                options.Region = value.Length == 0 ? null : value;
                return null;
            case nameof(LambdaStreamingClientOptions.Profile):
                options.Profile = value.Length == 0 ? null : value;
                return null;
            case nameof(LambdaStreamingClientOptions.ProfilesLocation):
                options.ProfilesLocation = value.Length == 0 ? null : value;
                return null;
            case nameof(LambdaStreamingClientOptions.ServiceUrl):
                if (value.Length == 0)
                {
                    options.ServiceUrl = null;
                    return null;
                }

                if (Uri.TryCreate(value, UriKind.Absolute, out Uri? url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps))
                {
                    options.ServiceUrl = url;
                    return null;
                }

                return $"'{value}' is not an absolute http or https URL.";
            case nameof(LambdaStreamingClientOptions.UseFips):
                return ParseBool(value, v => options.UseFips = v);
            case nameof(LambdaStreamingClientOptions.UseDualStack):
                return ParseBool(value, v => options.UseDualStack = v);
            case nameof(LambdaStreamingClientOptions.PropagateTraceHeader):
                return ParseBool(value, v => options.PropagateTraceHeader = v);
            case nameof(LambdaStreamingClientOptions.MaxAttempts):
                return ParseInt(value, v => options.MaxAttempts = v);
            case nameof(LambdaStreamingClientOptions.MaxRecordBytes):
                return ParseInt(value, v => options.MaxRecordBytes = v);
            case nameof(LambdaStreamingClientOptions.LogPayloadBytes):
                return ParseInt(value, v => options.LogPayloadBytes = v);
            case nameof(LambdaStreamingClientOptions.ResponseHeadersTimeout):
                return ParseTimeout(value, v => options.ResponseHeadersTimeout = v);
            case nameof(LambdaStreamingClientOptions.IdleTimeout):
                return ParseTimeout(value, v => options.IdleTimeout = v);
            case nameof(LambdaStreamingClientOptions.TotalTimeout):
                return ParseTimeout(value, v => options.TotalTimeout = v);
            default:
                throw new System.Diagnostics.UnreachableException($"'{setting}' is in Keys but has no case here.");
        }
    }

    private static string? ParseBool(string value, Action<bool> set)
    {
        if (!bool.TryParse(value, out bool parsed))
        {
            return $"'{value}' is not true or false.";
        }

        set(parsed);
        return null;
    }

    private static string? ParseInt(string value, Action<int> set)
    {
        if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int parsed))
        {
            return $"'{value}' is not a whole number.";
        }

        set(parsed);
        return null;
    }

    // TimeSpan's invariant format ("00:05:00", "1.00:00:00"), or "Infinite" for Timeout.InfiniteTimeSpan.
    private static string? ParseTimeout(string value, Action<TimeSpan> set)
    {
        if (string.Equals(value, "Infinite", StringComparison.OrdinalIgnoreCase))
        {
            set(Timeout.InfiniteTimeSpan);
            return null;
        }

        if (!TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out TimeSpan parsed))
        {
            return $"'{value}' is not a time span such as 00:05:00 (hh:mm:ss), or Infinite.";
        }

        set(parsed);
        return null;
    }
}
