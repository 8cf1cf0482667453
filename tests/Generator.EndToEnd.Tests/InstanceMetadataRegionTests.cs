using System.Net;
using System.Text;
using LambdaStreamGen.TestSupport;

namespace LambdaStreamGen.Generator.EndToEnd.Tests;

/// <summary>
/// The last step of the region chain, as the AWS SDK for .NET takes it: the EC2 instance metadata service (IMDSv2: a
/// token, then the instance identity document). Run in a child process whose AWSSDK.Core is pointed, through
/// <c>AWS_EC2_METADATA_SERVICE_ENDPOINT</c>, at a metadata server on loopback, and with no other region anywhere.
/// </summary>
public sealed class InstanceMetadataRegionTests
{
    [Fact]
    public async Task With_no_other_region_the_instance_metadata_region_gives_the_endpoint()
    {
        using var metadata = new LoopbackMetadataServer("eu-north-1");

        ProcessResult result = await RunResolveAsync(metadata, disabled: false);

        Assert.True(result.ExitCode == 0, result.Output + "\nmetadata requests: " + string.Join(", ", metadata.Requests));
        Assert.Contains("endpoint: https://lambda.eu-north-1.amazonaws.com/", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("PUT /latest/api/token", metadata.Requests);
        Assert.Contains("GET /latest/dynamic/instance-identity/document", metadata.Requests);
    }

    [Fact]
    public async Task AWS_EC2_METADATA_DISABLED_keeps_the_client_from_asking()
    {
        using var metadata = new LoopbackMetadataServer("eu-north-1");

        ProcessResult result = await RunResolveAsync(metadata, disabled: true);

        Assert.True(result.ExitCode == 3, result.Output);
        Assert.Contains("No AWS region is configured", result.StandardOutput, StringComparison.Ordinal);
        Assert.Empty(metadata.Requests);
    }

    private static Task<ProcessResult> RunResolveAsync(LoopbackMetadataServer metadata, bool disabled)
    {
        string configuration = typeof(InstanceMetadataRegionTests).Assembly.Location.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        string tool = RepositoryPaths.InRepository($"tests/LoadTest/bin/{configuration}/net10.0/LambdaStreamGen.LoadTest.dll");
        var environment = new Dictionary<string, string>
        {
            ["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = metadata.Endpoint,
            ["AWS_EC2_METADATA_DISABLED"] = disabled ? "true" : "false",
            ["AWS_REGION"] = string.Empty,
            ["AWS_DEFAULT_REGION"] = string.Empty,
            ["AWS_PROFILE"] = "lambdastreamgen-no-such-profile",
        };
        return ProcessRunner.RunAsync("dotnet", [tool, "resolve"], TimeSpan.FromMinutes(2), environment: environment);
    }

    /// <summary>An IMDSv2 stand-in on loopback: a token, then an identity document naming a region.</summary>
    private sealed class LoopbackMetadataServer : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly List<string> _requests = [];

        public LoopbackMetadataServer(string region)
        {
            int port = FreePort();
            // Without a trailing slash, as the real value (http://169.254.169.254) is: the SDK appends /latest/... to it.
            Endpoint = $"http://127.0.0.1:{port}";
            _listener.Prefixes.Add(Endpoint + "/");
            _listener.Start();
            _ = ServeAsync(region);
        }

        public string Endpoint { get; }

        public IReadOnlyList<string> Requests
        {
            get
            {
                lock (_requests)
                {
                    return [.. _requests];
                }
            }
        }

        public void Dispose() => _listener.Close();

        private async Task ServeAsync(string region)
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                string path = context.Request.Url!.AbsolutePath;
                lock (_requests)
                {
                    _requests.Add($"{context.Request.HttpMethod} {path}");
                }

                string? body = (context.Request.HttpMethod, path) switch
                {
                    ("PUT", "/latest/api/token") => "a-metadata-token",
                    ("GET", "/latest/dynamic/instance-identity/document") => $"{{\"region\":\"{region}\",\"availabilityZone\":\"{region}a\"}}",
                    _ => null,
                };
                context.Response.StatusCode = body is null ? 404 : 200;
                byte[] bytes = Encoding.UTF8.GetBytes(body ?? string.Empty);
                await context.Response.OutputStream.WriteAsync(bytes);
                context.Response.Close();
            }
        }

        private static int FreePort()
        {
            using var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            return ((IPEndPoint)probe.LocalEndpoint).Port;
        }
    }
}
