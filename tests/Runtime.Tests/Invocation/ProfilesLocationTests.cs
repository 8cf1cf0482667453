using Amazon.Runtime;
using LambdaStreamGen.Local;

namespace LambdaStreamGen.Tests.Invocation;

/// <summary>
/// A named profile read from a credentials file the caller names (<c>ProfilesLocation</c>, as the AWS SDK's
/// <c>AWSOptions.ProfilesLocation</c>): AWSSDK.Core parses the real file, and the emulator checks the signature made
/// with the keys found there. Nothing here reads or writes the machine's own <c>~/.aws</c> files.
/// </summary>
public sealed class ProfilesLocationTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("lsg-profiles-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_profile_in_the_named_file_signs_the_call_with_its_keys()
    {
        string file = WriteCredentials("reports", LocalCredentials.Test.AccessKeyId, LocalCredentials.Test.SecretAccessKey, "eu-north-1");
        await using LocalLambdaServer server = await LocalLambdaServer.StartAsync(o => o.AddFunction("hello", async (_, response, ct) => await response.WriteLineAsync("hi", ct)));
        LambdaStreamingClientOptions options = server.CreateClientOptions();
        (options.Credentials, options.Profile, options.ProfilesLocation) = (null, "reports", file);

        using var client = new LambdaStreamingClient(options);
        await using LambdaResponseStream response = await client.InvokeAsync(new LambdaStreamingRequest("hello"));
        var lines = new List<string>();
        await foreach (string line in response.ReadTextLinesAsync())
        {
            lines.Add(line);
        }

        Assert.Equal(["hi"], lines);
    }

    [Fact]
    public async Task Keys_that_are_not_the_emulators_are_refused_so_the_file_really_was_used()
    {
        string file = WriteCredentials("reports", "AKIAOTHEROTHEROTHER1", "someone-elses-secret", "eu-north-1");
        await using LocalLambdaServer server = await LocalLambdaServer.StartAsync(o => o.AddFunction("hello", async (_, response, ct) => await response.WriteLineAsync("hi", ct)));
        LambdaStreamingClientOptions options = server.CreateClientOptions();
        (options.Credentials, options.Profile, options.ProfilesLocation, options.MaxAttempts) = (null, "reports", file, 1);

        using var client = new LambdaStreamingClient(options);
        var exception = await Assert.ThrowsAsync<LambdaServiceException>(() => client.InvokeAsync(new LambdaStreamingRequest("hello")));

        Assert.Equal(System.Net.HttpStatusCode.Forbidden, exception.StatusCode);
    }

    [Fact]
    public void The_region_comes_from_the_profile_in_the_named_file()
    {
        string file = WriteCredentials("reports", "AKIAOTHEROTHEROTHER1", "secret", "eu-north-1");

        using var client = new LambdaStreamingClient(new LambdaStreamingClientOptions { Profile = "reports", ProfilesLocation = file });

        Assert.Equal(new Uri("https://lambda.eu-north-1.amazonaws.com/"), client.Endpoint);
    }

    [Fact]
    public async Task A_profile_missing_from_the_named_file_is_an_error_naming_the_file()
    {
        string file = WriteCredentials("reports", "AKIAOTHEROTHEROTHER1", "secret", "eu-north-1");
        await using LocalLambdaServer server = await LocalLambdaServer.StartAsync(o => o.AddFunction("hello", async (_, response, ct) => await response.WriteLineAsync("hi", ct)));
        LambdaStreamingClientOptions options = server.CreateClientOptions();
        (options.Credentials, options.Profile, options.ProfilesLocation) = (null, "billing", file);

        using var client = new LambdaStreamingClient(options);
        var exception = await Assert.ThrowsAsync<AmazonClientException>(() => client.InvokeAsync(new LambdaStreamingRequest("hello")));

        Assert.Contains("'billing'", exception.Message, StringComparison.Ordinal);
        Assert.Contains(file, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_profiles_location_without_a_profile_is_refused_at_construction()
    {
        var options = new LambdaStreamingClientOptions { Region = "eu-west-1", ProfilesLocation = Path.Combine(_folder, "credentials") };

        var exception = Assert.Throws<ArgumentException>(() => new LambdaStreamingClient(options));

        Assert.Equal(nameof(LambdaStreamingClientOptions.ProfilesLocation), exception.ParamName);
    }

    private string WriteCredentials(string profile, string accessKeyId, string secretAccessKey, string region)
    {
        string path = Path.Combine(_folder, "credentials");
        File.WriteAllText(path, $"[{profile}]\naws_access_key_id = {accessKeyId}\naws_secret_access_key = {secretAccessKey}\nregion = {region}\n");
        return path;
    }
}
