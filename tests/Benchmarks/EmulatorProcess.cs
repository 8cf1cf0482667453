using System.Globalization;
using Amazon.Runtime;
using LambdaStreamGen.Local;
using LambdaStreamGen.TestSupport;

namespace LambdaStreamGen.Benchmarks;

/// <summary>The benchmark emulator in a child process (this executable in <c>emulator-serve</c> mode).</summary>
internal sealed class EmulatorProcess : IAsyncDisposable
{
    private readonly ChildServer _child;

    private EmulatorProcess(ChildServer child) => _child = child;

    public Uri Endpoint => _child.Endpoint;

    public static async Task<EmulatorProcess> StartAsync(int mebibytes) =>
        new(await ChildServer.StartAsync("emulator-serve", mebibytes.ToString(CultureInfo.InvariantCulture)));

    public LambdaStreamingClientOptions CreateClientOptions() => new()
    {
        ServiceUrl = Endpoint,
        Region = "us-east-1",
        Credentials = new BasicAWSCredentials(LocalCredentials.Test.AccessKeyId, LocalCredentials.Test.SecretAccessKey),
    };

    public long PeakWorkingSetMebibytes() => _child.PeakWorkingSetBytes() / (1024 * 1024);

    public ValueTask DisposeAsync() => _child.DisposeAsync();
}
