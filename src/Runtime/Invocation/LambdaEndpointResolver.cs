using System.Text.RegularExpressions;
using Amazon.Runtime.CredentialManagement;

namespace LambdaStreamGen.Invocation;

/// <summary>
/// Works out the region and the endpoint (docs/protocol.md §1): <c>https://lambda[-fips].{region}.{dnsSuffix}</c> with the
/// partition's suffix. (A configured service URL bypasses this and is used verbatim by the client.)
/// </summary>
internal static partial class LambdaEndpointResolver
{
    // docs/protocol.md §1, partition table (botocore partitions.json): region pattern → DNS suffix, dual-stack DNS suffix.
    private static readonly (Regex Pattern, string DnsSuffix, string DualStackDnsSuffix)[] Partitions =
    [
        (new Regex(@"^cn\-\w+\-\d+$", RegexOptions.CultureInvariant), "amazonaws.com.cn", "api.amazonwebservices.com.cn"),
        (new Regex(@"^us\-gov\-\w+\-\d+$", RegexOptions.CultureInvariant), "amazonaws.com", "api.aws"),
        (new Regex(@"^us\-iso\-\w+\-\d+$", RegexOptions.CultureInvariant), "c2s.ic.gov", "api.aws.ic.gov"),
        (new Regex(@"^us\-isob\-\w+\-\d+$", RegexOptions.CultureInvariant), "sc2s.sgov.gov", "api.aws.scloud"),
        (new Regex(@"^eu\-isoe\-\w+\-\d+$", RegexOptions.CultureInvariant), "cloud.adc-e.uk", "api.cloud-aws.adc-e.uk"),
        (new Regex(@"^us\-isof\-\w+\-\d+$", RegexOptions.CultureInvariant), "csp.hci.ic.gov", "api.aws.hci.ic.gov"),
        (new Regex(@"^eusc\-(de)\-\w+\-\d+$", RegexOptions.CultureInvariant), "amazonaws.eu", "api.amazonwebservices.eu"),
        (new Regex(@"^(us|eu|ap|sa|ca|me|af|il|mx)\-\w+\-\d+$", RegexOptions.CultureInvariant), "amazonaws.com", "api.aws"),
    ];

    /// <summary>The configured region, else the environment's, else the active profile's; throws when there is none.</summary>
    public static string ResolveRegion(string? configured, Func<string, string?> environment, Func<string, string?> profileRegion)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        foreach (string variable in (string[])["AWS_REGION", "AWS_DEFAULT_REGION"])
        {
            if (environment(variable) is { Length: > 0 } region)
            {
                return region;
            }
        }

        string profile = environment("AWS_PROFILE") is { Length: > 0 } name ? name : "default";
        if (profileRegion(profile) is { Length: > 0 } fromProfile)
        {
            return fromProfile;
        }

        throw new InvalidOperationException(
            "No AWS region is configured. Set LambdaStreamingClientOptions.Region, the AWS_REGION environment variable, " +
            $"or 'region' in the '{profile}' profile of ~/.aws/config; or set ServiceUrl to call a specific endpoint.");
    }

    /// <summary>Reads the region of a profile from the shared AWS config and credentials files.</summary>
    public static string? ReadProfileRegion(string profile) =>
        new CredentialProfileStoreChain().TryGetProfile(profile, out CredentialProfile? found) ? found.Region?.SystemName : null;

    /// <summary>The endpoint for a region and the FIPS and dual-stack switches.</summary>
    public static Uri ResolveEndpoint(string region, bool useFips, bool useDualStack)
    {
        foreach ((Regex pattern, string dnsSuffix, string dualStackDnsSuffix) in Partitions)
        {
            if (pattern.IsMatch(region))
            {
                string host = $"lambda{(useFips ? "-fips" : string.Empty)}.{region}.{(useDualStack ? dualStackDnsSuffix : dnsSuffix)}";
                return new Uri($"https://{host}/");
            }
        }

        throw new InvalidOperationException($"'{region}' is not a region of any known AWS partition; check the region name, or set ServiceUrl.");
    }
}
