using System.Runtime.CompilerServices;

namespace LambdaStreamGen.Tests.Setup;

/// <summary>
/// Turns off the EC2 instance metadata service in every test assembly (compiled into each by tests/Directory.Build.props)
/// as it loads, before any of its tests runs:
/// a default credential or region chain that found nothing would otherwise ask the link-local metadata address, which
/// no test may reach. Tests of the metadata step run a child process against a metadata server on loopback.
/// </summary>
internal static class NoInstanceMetadata
{
    [ModuleInitializer]
    internal static void TurnOff()
    {
        if (Environment.GetEnvironmentVariable("AWS_EC2_METADATA_SERVICE_ENDPOINT") is null)
        {
            Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
        }
    }
}
