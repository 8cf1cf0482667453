using Amazon.Extensions.NETCore.Setup;
using LambdaStreamGen;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LambdaStreamGen.DependencyInjection;

/// <summary>
/// Fills what the configuration left open from the host, after all binding and configuration code ran: the host's
/// logger factory, and the region, profile (with its credentials file) and credentials of the AWS SDK's
/// <see cref="AWSOptions"/> when the application registered them
/// (<c>services.AddDefaultAWSOptions(Configuration.GetAWSOptions())</c>), so that an application configures AWS once.
/// </summary>
internal sealed class HostDefaults(IServiceProvider services) : IPostConfigureOptions<LambdaStreamingClientOptions>
{
    public void PostConfigure(string? name, LambdaStreamingClientOptions options)
    {
        options.LoggerFactory ??= (ILoggerFactory?)services.GetService(typeof(ILoggerFactory));
        if (services.GetService(typeof(AWSOptions)) is not AWSOptions aws)
        {
            return;
        }

        // The section's own settings win. A profile named there decides region and credentials itself, so nothing of
        // the AWS options is mixed into it.
        if (options.Profile is not null)
        {
            return;
        }

        options.Region ??= aws.Region?.SystemName;
        options.Profile = string.IsNullOrEmpty(aws.Profile) ? null : aws.Profile;

        // The AWS options' credentials file goes with their profile, as it does in the AWS SDK; without one it means
        // nothing (the SDK ignores it then too).
        options.ProfilesLocation ??= options.Profile is null || string.IsNullOrEmpty(aws.ProfilesLocation) ? null : aws.ProfilesLocation;
        options.Credentials ??= aws.Credentials;
    }
}
