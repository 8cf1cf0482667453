using System.Diagnostics;
using Amazon.Runtime;
using LambdaStreamGen.Local;

namespace LambdaStreamGen.LoadTest;

/// <summary>
/// The emulator in a child process (this tool in <c>serve</c> mode), so the client's memory is measured alone and
/// the two compete for the machine's cores as a real caller and server would.
/// </summary>
internal sealed class EmulatorChild : IAsyncDisposable
{
    private readonly Process _process;

    private EmulatorChild(Process process, Uri endpoint)
    {
        _process = process;
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }

    public static async Task<EmulatorChild> StartAsync()
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileName(Environment.ProcessPath!) is "dotnet" or "dotnet.exe")
        {
            start.ArgumentList.Add(typeof(EmulatorChild).Assembly.Location);
        }

        start.ArgumentList.Add("serve");
        Process process = Process.Start(start)!;
        string line = await process.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("The emulator process exited before listening.");
        return line.StartsWith("listening ", StringComparison.Ordinal)
            ? new EmulatorChild(process, new Uri(line["listening ".Length..]))
            : throw new InvalidOperationException($"Unexpected output from the emulator process: {line}");
    }

    /// <summary>Runs the emulator until standard input closes (the parent exiting closes it too).</summary>
    public static async Task ServeAsync()
    {
        await using LocalLambdaServer server = await LocalLambdaServer.StartAsync(LoadFunctions.Register);
        Console.WriteLine($"listening {server.Endpoint}");
        await Console.In.ReadToEndAsync();
    }

    public LambdaStreamingClientOptions CreateClientOptions() => new()
    {
        ServiceUrl = Endpoint,
        Region = "us-east-1",
        Credentials = new BasicAWSCredentials(LocalCredentials.Test.AccessKeyId, LocalCredentials.Test.SecretAccessKey),
        MaxAttempts = 1,
    };

    public long WorkingSetBytes()
    {
        _process.Refresh();
        return _process.WorkingSet64;
    }

    public async ValueTask DisposeAsync()
    {
        _process.StandardInput.Close();
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
