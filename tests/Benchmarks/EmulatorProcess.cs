using System.Diagnostics;
using Amazon.Runtime;
using LambdaStreamGen.Local;

namespace LambdaStreamGen.Benchmarks;

/// <summary>The benchmark emulator in a child process (this executable in <c>emulator-serve</c> mode).</summary>
internal sealed class EmulatorProcess : IAsyncDisposable
{
    private readonly Process _process;

    private EmulatorProcess(Process process, Uri endpoint)
    {
        _process = process;
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }

    public static async Task<EmulatorProcess> StartAsync(int mebibytes)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileName(Environment.ProcessPath!) is "dotnet" or "dotnet.exe")
        {
            // Started through the dotnet host: name the assembly.
            start.ArgumentList.Add(typeof(EmulatorProcess).Assembly.Location);
        }

        start.ArgumentList.Add("emulator-serve");
        start.ArgumentList.Add(mebibytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Process process = Process.Start(start)!;
        string line = await process.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("The emulator process exited before listening.");
        if (!line.StartsWith("listening ", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Unexpected output from the emulator process: {line}");
        }

        return new EmulatorProcess(process, new Uri(line["listening ".Length..]));
    }

    public LambdaStreamingClientOptions CreateClientOptions() => new()
    {
        ServiceUrl = Endpoint,
        Region = "us-east-1",
        Credentials = new BasicAWSCredentials(LocalCredentials.Test.AccessKeyId, LocalCredentials.Test.SecretAccessKey),
    };

    public long PeakWorkingSetMebibytes()
    {
        _process.Refresh();
        return _process.PeakWorkingSet64 / (1024 * 1024);
    }

    public async ValueTask DisposeAsync()
    {
        _process.StandardInput.Close();
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
