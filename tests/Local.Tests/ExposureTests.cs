using System.Net;
using LambdaStreamGen.Local.Tests.Support;

namespace LambdaStreamGen.Local.Tests;

/// <summary>The emulator accepts a published test key pair, so it listens on loopback unless told otherwise, and says so when it is.</summary>
public sealed class ExposureTests
{
    [Fact]
    public async Task By_default_the_emulator_listens_on_loopback_and_warns_of_nothing()
    {
        var warnings = new StringWriter();
        await using LocalLambdaServer server = await Emulator.StartAsync(o =>
        {
            o.Warnings = warnings;
            o.AddFunction("echo", Emulator.EchoLines).WithRawPayloads();
        });

        Assert.Equal(IPAddress.Loopback, server.Options.BindAddress);
        Assert.True(IPAddress.IsLoopback(IPAddress.Parse(server.Endpoint.Host)), server.Endpoint.ToString());
        Assert.Equal(string.Empty, warnings.ToString());
    }

    [Fact]
    public async Task Listening_beyond_loopback_is_reported_with_the_address_and_the_risk()
    {
        var warnings = new StringWriter();
        await using LocalLambdaServer server = await Emulator.StartAsync(o =>
        {
            o.Warnings = warnings;
            o.BindAddress = IPAddress.Any;
            o.AddFunction("echo", Emulator.EchoLines).WithRawPayloads();
        });

        string warning = warnings.ToString();
        Assert.Contains("not a loopback address", warning, StringComparison.Ordinal);
        Assert.Contains(server.Endpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), warning, StringComparison.Ordinal);
        Assert.Contains("test credentials", warning, StringComparison.Ordinal);
    }
}
