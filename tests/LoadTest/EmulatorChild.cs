using Amazon.Runtime;
using LambdaStreamGen.Local;
using LambdaStreamGen.TestSupport;

namespace LambdaStreamGen.LoadTest;

/// <summary>
/// The emulator in a child process (this tool in <c>serve</c> mode), so the client's memory is measured alone and
/// the two compete for the machine's cores as a real caller and server would.
/// </summary>
internal sealed class EmulatorChild : IAsyncDisposable
{
    private readonly ChildServer _child;

    private EmulatorChild(ChildServer child) => _child = child;

    public static async Task<EmulatorChild> StartAsync() => new(await ChildServer.StartAsync("serve"));

    /// <summary>Runs the emulator until the parent goes away.</summary>
    public static async Task ServeAsync()
    {
        await using LocalLambdaServer server = await LocalLambdaServer.StartAsync(LoadFunctions.Register);
        await ChildServer.ServeUntilParentLeavesAsync(server.Endpoint);
    }

    public LambdaStreamingClientOptions CreateClientOptions() => new()
    {
        ServiceUrl = _child.Endpoint,
        Region = "us-east-1",
        Credentials = new BasicAWSCredentials(LocalCredentials.Test.AccessKeyId, LocalCredentials.Test.SecretAccessKey),
        MaxAttempts = 1,
    };

    public long WorkingSetBytes() => _child.WorkingSetBytes();

    public ValueTask DisposeAsync() => _child.DisposeAsync();
}
