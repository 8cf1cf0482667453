using System.Text.RegularExpressions;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Util;
using LambdaStreamGen.Rules;

namespace LambdaStreamGen.Invocation;

/// <summary>
/// Works out the region and the endpoint (docs/protocol.md §1): <c>https://lambda[-fips].{region}.{dnsSuffix}</c> with the
/// partition's suffix. (A configured service URL bypasses this and is used verbatim by the client.)
/// </summary>
internal static partial class LambdaEndpointResolver
{
    /// <summary>The region a client signs for when it calls a custom endpoint that names none (docs/protocol.md §1).</summary>
    public const string DefaultSigningRegion = "us-east-1";

    /// <summary>The region from <see cref="TryResolveRegion"/>, instance metadata included; throws when there is none.</summary>
    public static string ResolveRegion(string? configured, Func<string, string?> environment, Func<string, string?> profileRegion, string? profile = null) =>
        TryResolveRegion(configured, environment, profileRegion, useInstanceMetadata: true, profile)
        ?? throw new InvalidOperationException(
            "No AWS region is configured. Set LambdaStreamingClientOptions.Region, the AWS_REGION environment variable, " +
            $"or 'region' in the '{ActiveProfile(environment, profile)}' profile of ~/.aws/config; or set ServiceUrl to call a specific endpoint.");

    /// <summary>
    /// The region, in the order of the AWS SDK for .NET's <c>FallbackRegionFactory</c> with the AWS CLI's
    /// <c>AWS_DEFAULT_REGION</c> added (docs/protocol.md §1): the configured value, <c>AWSConfigs.AWSRegion</c> (application
    /// configuration), <c>AWS_REGION</c>, <c>AWS_DEFAULT_REGION</c>, the active profile's <c>region</c>, then, when
    /// <paramref name="useInstanceMetadata"/> and <c>AWS_EC2_METADATA_DISABLED</c> is not <c>true</c>, the EC2 instance
    /// metadata service. Null when none gives one. A configured <paramref name="profile"/> comes right after the
    /// configured region, ahead of the environment, as an explicitly chosen profile does in the AWS SDK for .NET.
    /// </summary>
    public static string? TryResolveRegion(string? configured, Func<string, string?> environment, Func<string, string?> profileRegion, bool useInstanceMetadata = false, string? profile = null)
    {
        string?[] candidates = profile is null
            ? [configured, AWSConfigs.AWSRegion, environment("AWS_REGION"), environment("AWS_DEFAULT_REGION"), profileRegion(ActiveProfile(environment))]
            : [configured, profileRegion(profile), AWSConfigs.AWSRegion, environment("AWS_REGION"), environment("AWS_DEFAULT_REGION")];
        foreach (string? candidate in candidates)
        {
            if (!string.IsNullOrWhiteSpace(candidate))
            {
                return candidate;
            }
        }

        return useInstanceMetadata && !string.Equals(environment("AWS_EC2_METADATA_DISABLED"), "true", StringComparison.OrdinalIgnoreCase)
            ? InstanceMetadataRegion()
            : null;
    }

    // IMDSv2 through AWSSDK.Core, which honours AWS_EC2_METADATA_SERVICE_ENDPOINT; off an EC2 instance it finds nothing.
    private static string? InstanceMetadataRegion()
    {
        try
        {
            return EC2InstanceMetadata.Region?.SystemName;
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException or InvalidOperationException or AmazonClientException or TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>
    /// The region a Lambda host name carries (<c>lambda[-fips].{region}.{suffix}</c>), or null for any other host,
    /// such as a local emulator's.
    /// </summary>
    public static string? RegionOfHost(string host)
    {
        string[] labels = host.Split('.');
        return labels.Length >= 3 && labels[0] is "lambda" or "lambda-fips" && RegionLabel().IsMatch(labels[1]) ? labels[1] : null;
    }

    /// <summary>Reads the region of a profile from the shared AWS config and credentials files.</summary>
    public static string? ReadProfileRegion(string profile) => ReadProfileRegion(profile, null);

    /// <summary>Reads the region of a profile, from the credentials file at <paramref name="profilesLocation"/> when it is given.</summary>
    public static string? ReadProfileRegion(string profile, string? profilesLocation) =>
        CredentialSource.ProfileStore(profilesLocation).TryGetProfile(profile, out CredentialProfile? found) ? found.Region?.SystemName : null;

    /// <summary>
    /// The endpoint for a region and the FIPS and dual-stack switches. A region no partition's pattern matches belongs
    /// to the <c>aws</c> partition, as the endpoint rules' partition function says, so a region newer than this table
    /// still gets its endpoint.
    /// </summary>
    /// <exception cref="ArgumentException">The region is not a DNS host label, so no endpoint can be built from it.</exception>
    public static Uri ResolveEndpoint(string region, bool useFips, bool useDualStack)
    {
        if (!IsRegionName(region))
        {
            throw new ArgumentException(NotARegion(region), nameof(region));
        }

        AwsPartition partition = AwsPartitions.Of(region);
        string host = $"lambda{(useFips ? "-fips" : string.Empty)}.{region}.{(useDualStack ? partition.DualStackDnsSuffix : partition.DnsSuffix)}";
        return new Uri($"https://{host}/");
    }

    /// <summary>The profile the AWS SDKs use: the configured one, else <c>AWS_PROFILE</c>, else <c>default</c>.</summary>
    public static string ActiveProfile(Func<string, string?> environment, string? configured = null) =>
        configured is { Length: > 0 } ? configured : environment("AWS_PROFILE") is { Length: > 0 } name ? name : "default";

    /// <summary>Whether a region can go into a host name and a credential scope: the rules' <c>isValidHostLabel</c>.</summary>
    public static bool IsRegionName(string region) => RegionLabel().IsMatch(region);

    /// <summary>The message for a region that is not one.</summary>
    public static string NotARegion(string region) => $"'{region}' is not a valid region: a region is letters, digits and hyphens, such as eu-west-1.";

    // The rules' isValidHostLabel: a DNS label of letters, digits and hyphens, not starting with a hyphen. \z, not '$',
    // which would let a region read with its line break ("eu-west-1\n") through into the host name.
    [GeneratedRegex(@"^[a-zA-Z0-9][a-zA-Z0-9-]{0,62}\z", RegexOptions.CultureInvariant)]
    private static partial Regex RegionLabel();
}
