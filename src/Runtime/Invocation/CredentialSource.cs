using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;

namespace LambdaStreamGen.Invocation;

/// <summary>
/// The credentials of one call: the configured ones, else AWSSDK.Core's default chain (environment, profile, web
/// identity, container, instance metadata), which caches and refreshes what it finds. Resolved per call, so a failure
/// fails that call only. Profiles whose credentials come from another AWS service need that service's package, which
/// AWSSDK.Core loads by name at run time; a missing one fails with a message that names the package to add.
/// </summary>
internal static class CredentialSource
{
    public static AWSCredentials Resolve(AWSCredentials? configured, string? profile = null, string? profilesLocation = null)
    {
        if (configured is not null)
        {
            return configured;
        }

        try
        {
            if (profile is not null)
            {
                // AWSSDK.Core's store chain reads both shared files and builds refreshing credentials for the profile
                // (keys, session, process, SSO or assumed role), cached by the chain like the default ones.
                return ProfileStore(profilesLocation).TryGetAWSCredentials(profile, out AWSCredentials? found)
                    ? found
                    : throw new AmazonClientException(profilesLocation is null
                        ? $"The AWS profile '{profile}' (LambdaStreamingClientOptions.Profile) was not found in the shared config or credentials file, or has no credentials."
                        : $"The AWS profile '{profile}' (LambdaStreamingClientOptions.Profile) was not found in '{profilesLocation}' (ProfilesLocation) or the shared config file, or has no credentials.");
            }

            return DefaultAWSCredentialsIdentityResolver.GetCredentials();
        }
        catch (AmazonClientException exception) when (MissingPackageMessage(profile, profilesLocation) is { } message)
        {
            throw new AmazonClientException(message, exception);
        }
    }

    /// <summary>
    /// Signs through <paramref name="sign"/>. Credentials that come from another service (an assumed role, a web
    /// identity) are fetched here, and AWSSDK.Core reports their failures as <see cref="InvalidOperationException"/>;
    /// they surface as <see cref="AmazonClientException"/> like every other credentials failure, naming a missing
    /// package when that is the cause.
    /// </summary>
    public static async Task SignAsync(Func<Task> sign, string? profile = null, string? profilesLocation = null)
    {
        try
        {
            await sign().ConfigureAwait(false);
        }
        catch (InvalidOperationException exception)
        {
            string? missingPackage = exception.InnerException is FileNotFoundException ? MissingPackageMessage(profile, profilesLocation) : null;
            throw new AmazonClientException(missingPackage ?? $"The AWS credentials could not be obtained: {exception.Message}", exception);
        }
    }

    /// <summary>The shared config and credentials files, the credentials file at <paramref name="profilesLocation"/> when it is given.</summary>
    internal static CredentialProfileStoreChain ProfileStore(string? profilesLocation) =>
        profilesLocation is null ? new CredentialProfileStoreChain() : new CredentialProfileStoreChain(profilesLocation);

    /// <summary>What the active profile needs that is not loadable, as a sentence; null when nothing is missing.</summary>
    internal static string? MissingPackageMessage(string? profile = null, string? profilesLocation = null)
    {
        string profileName = LambdaEndpointResolver.ActiveProfile(Environment.GetEnvironmentVariable, profile);
        if (!ProfileStore(profile is null ? null : profilesLocation).TryGetProfile(profileName, out CredentialProfile? found))
        {
            return null;
        }

        CredentialProfileOptions options = found.Options;
        (string kind, string[] packages) = options switch
        {
            { SsoStartUrl: { Length: > 0 } } or { SsoSession: { Length: > 0 } } => ("signs in through AWS IAM Identity Center (SSO)", new[] { "AWSSDK.SSO", "AWSSDK.SSOOIDC" }),
            { WebIdentityTokenFile: { Length: > 0 } } => ("assumes a role with a web identity token", new[] { "AWSSDK.SecurityToken" }),
            { RoleArn: { Length: > 0 } } => ("assumes a role", new[] { "AWSSDK.SecurityToken" }),
            _ => (string.Empty, Array.Empty<string>()),
        };
        string[] missing = [.. packages.Where(package => !IsLoadable(package))];
        return missing.Length == 0
            ? null
            : $"The AWS profile '{profileName}' {kind}, which needs the {string.Join(" and ", missing)} package{(missing.Length == 1 ? string.Empty : "s")} at run time: " +
              $"add {string.Join(" and ", missing.Select(p => $"'dotnet add package {p}'"))} to the application, or pass LambdaStreamingClientOptions.Credentials.";
    }

    private static bool IsLoadable(string assemblyName)
    {
        try
        {
            System.Reflection.Assembly.Load(new System.Reflection.AssemblyName(assemblyName));
            return true;
        }
        catch (FileNotFoundException)
        {
            return false;
        }
    }
}
