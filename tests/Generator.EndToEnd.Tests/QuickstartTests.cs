using LambdaStreamGen.TestSupport;

namespace LambdaStreamGen.Generator.EndToEnd.Tests;

/// <summary>The README's first command keeps working: the quickstart streams its report and shows the failure path.</summary>
public sealed class QuickstartTests
{
    [Fact]
    public async Task Quickstart_streams_rows_then_reports_the_function_failure()
    {
        string configuration = typeof(QuickstartTests).Assembly.Location.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        string quickstart = RepositoryPaths.InRepository($"samples/Quickstart/bin/{configuration}/net10.0/Quickstart.dll");
        Assert.True(File.Exists(quickstart), $"Build the solution first: {quickstart} is missing.");
        ProcessResult result = await ProcessRunner.RunAsync("dotnet", [quickstart], TimeSpan.FromMinutes(2));
        string[] rows = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string log = result.StandardError;

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(30 + 4, rows.Length); // 30 rows, then 4 before the second function fails
        Assert.Contains("done: 30 rows", log, StringComparison.Ordinal);
        Assert.Contains("function failed after partial output: InvalidOperationException: the warehouse for us-east-1 went offline after row 4", log, StringComparison.Ordinal);
    }
}

/// <summary>
/// Bad input on the quickstart's command line is a one-line error that says what to change, with exit code 2 (a port
/// already taken: 1), never a crash with a stack trace. The deployed mode fails before any request, so no AWS account
/// or network is involved.
/// </summary>
public sealed class QuickstartArgumentTests
{
    [Theory]
    [InlineData(new[] { "serve", "--port", "abc" }, "--port must be a number from 0 to 65535")]
    [InlineData(new[] { "serve", "--port", "70000" }, "--port must be a number from 0 to 65535")]
    [InlineData(new[] { "serve", "--port" }, "--port needs a value")]
    [InlineData(new[] { "serve", "--prot", "9001" }, "unknown option --prot")]
    [InlineData(new[] { "--function", "report-generator", "--region", "eu-west-1", "--endpoint", "not a url" }, "--endpoint must be an absolute http or https URL")]
    [InlineData(new[] { "--function", "has space", "--region", "eu-west-1", "--endpoint", "http://127.0.0.1:9/" }, "'has space' is not a function name")]
    [InlineData(new[] { "--function", "f", "--qualifier", "not valid", "--region", "eu-west-1", "--endpoint", "http://127.0.0.1:9/" }, "--qualifier")]
    [InlineData(new[] { "--region", "eu-west-1" }, "unknown option --region without --function")]
    [InlineData(new[] { "report" }, "unexpected argument 'report'")]
    public async Task Bad_arguments_are_a_clear_error_and_exit_code_2(string[] arguments, string message)
    {
        ProcessResult result = await ProcessRunner.RunAsync("dotnet", [Quickstart.Path, .. arguments], TimeSpan.FromMinutes(2), environment: Quickstart.NoAws);

        Assert.True(result.ExitCode == 2, result.Output);
        Assert.Contains(message, result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_port_already_taken_is_a_clear_error_and_exit_code_1()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        string port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        ProcessResult result = await ProcessRunner.RunAsync("dotnet", [Quickstart.Path, "serve", "--port", port], TimeSpan.FromMinutes(2), environment: Quickstart.NoAws);

        Assert.True(result.ExitCode == 1, result.Output);
        Assert.Contains($"cannot listen on port {port}", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Output, StringComparison.Ordinal);
    }
}

/// <summary>Where the built quickstart is, and an environment in which no AWS credentials or metadata can be found.</summary>
internal static class Quickstart
{
    public static string Path { get; } = RepositoryPaths.InRepository(
        $"samples/Quickstart/bin/{(typeof(Quickstart).Assembly.Location.Contains($"{System.IO.Path.DirectorySeparatorChar}Release{System.IO.Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug")}/net10.0/Quickstart.dll");

    public static Dictionary<string, string> NoAws { get; } = new()
    {
        ["AWS_EC2_METADATA_DISABLED"] = "true",
        ["AWS_ACCESS_KEY_ID"] = string.Empty,
        ["AWS_SECRET_ACCESS_KEY"] = string.Empty,
        ["AWS_PROFILE"] = "lambdastreamgen-no-such-profile",
    };
}

/// <summary>
/// A deployed-function call whose AWS profile needs another AWS package: the error names the package to add. Run as
/// the quickstart's deployed mode in a child process, whose environment points at a profile file of the test's own
/// (AWSSDK.Core fixes the shared files' locations when a process starts).
/// </summary>
public sealed class QuickstartProfileTests
{
    [Theory]
    [InlineData("sso_start_url = https://example.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 123456789012\nsso_role_name = Reader", "AWSSDK.SSO and AWSSDK.SSOOIDC packages")]
    [InlineData("role_arn = arn:aws:iam::123456789012:role/Reader\nsource_profile = base", "AWSSDK.SecurityToken package")]
    [InlineData("role_arn = arn:aws:iam::123456789012:role/Reader\nweb_identity_token_file = {folder}/token", "AWSSDK.SecurityToken package")]
    public async Task A_profile_that_needs_another_AWS_package_names_it(string profileBody, string packages)
    {
        string folder = Directory.CreateTempSubdirectory("lambdastreamgen-profile-").FullName;
        try
        {
            string config = Path.Combine(folder, "config");
            await File.WriteAllTextAsync(Path.Combine(folder, "token"), "a-web-identity-token");
            await File.WriteAllTextAsync(config, $"[profile needs-package]\n{profileBody.Replace("{folder}", folder, StringComparison.Ordinal)}\nregion = us-east-1\n\n[profile base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = secret\n");
            string configuration = typeof(QuickstartProfileTests).Assembly.Location.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
            string quickstart = RepositoryPaths.InRepository($"samples/Quickstart/bin/{configuration}/net10.0/Quickstart.dll");
            var environment = new Dictionary<string, string>
            {
                ["AWS_CONFIG_FILE"] = config,
                ["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(folder, "credentials"),
                ["AWS_PROFILE"] = "needs-package",
                ["AWS_EC2_METADATA_DISABLED"] = "true",
                ["AWS_ACCESS_KEY_ID"] = string.Empty,
                ["AWS_SECRET_ACCESS_KEY"] = string.Empty,
            };

            // The endpoint is never reached: the call fails while finding credentials.
            ProcessResult result = await ProcessRunner.RunAsync(
                "dotnet", [quickstart, "--function", "report-generator", "--region", "us-east-1", "--endpoint", "http://127.0.0.1:9/"], TimeSpan.FromMinutes(2), environment: environment);

            Assert.True(result.ExitCode == 2, result.Output);
            Assert.Contains("The AWS profile 'needs-package'", result.StandardError, StringComparison.Ordinal);
            Assert.Contains($"needs the {packages} at run time", result.StandardError, StringComparison.Ordinal);
            Assert.Contains("dotnet add package", result.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
