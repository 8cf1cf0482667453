using LambdaStreamGen;
using Microsoft.Extensions.Options;

namespace LambdaStreamGen.DependencyInjection;

/// <summary>
/// Validates every named <see cref="LambdaStreamingClientOptions"/> as a client would, at start-up
/// (<c>ValidateOnStart</c>), and reports each problem under the configuration key it came from, so that a wrong
/// value in <c>appsettings.json</c> stops the host with a message that says where to look.
/// </summary>
internal sealed class LambdaStreamingOptionsValidator(LambdaStreamingRegistrations registrations) : IValidateOptions<LambdaStreamingClientOptions>
{
    public ValidateOptionsResult Validate(string? name, LambdaStreamingClientOptions options)
    {
        string configurationName = name ?? Options.DefaultName;
        if (!registrations.IsRegistered(configurationName))
        {
            return ValidateOptionsResult.Skip;
        }

        var failures = new List<string>(LambdaStreamingConfiguration.ProblemsOf(options));
        try
        {
            options.Validate();
        }
        catch (ArgumentException exception)
        {
            string where = registrations.SectionPathOf(configurationName) is { } path && exception.ParamName is { } property
                ? $"'{path}:{property}'"
                : $"LambdaStreamingClientOptions.{exception.ParamName}";
            failures.Add($"{where}: {FirstSentences(exception.Message)}");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    // ArgumentException appends " (Parameter 'x')" and the actual value to its message; the key already says which.
    private static string FirstSentences(string message)
    {
        int parameter = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        return parameter < 0 ? message : message[..parameter];
    }
}
