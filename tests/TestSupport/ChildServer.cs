using System.Diagnostics;

namespace LambdaStreamGen.TestSupport;

/// <summary>
/// This executable started again, in a serving mode, as a child process: the child prints <c>listening {uri}</c> when
/// ready and serves until its standard input closes (which the parent's exit closes too). The benchmark and load tools
/// run the emulator this way, so that the reader is measured alone and competes with the server for the cores as a
/// real caller would.
/// </summary>
public sealed class ChildServer : IAsyncDisposable
{
    private const string ReadyPrefix = "listening ";

    private readonly Process _process;

    private ChildServer(Process process, Uri endpoint)
    {
        _process = process;
        Endpoint = endpoint;
    }

    /// <summary>The base address the child listens on.</summary>
    public Uri Endpoint { get; }

    /// <summary>Starts this executable with <paramref name="arguments"/> and waits until it listens.</summary>
    public static async Task<ChildServer> StartAsync(params string[] arguments)
    {
        ProcessStartInfo start = ThisExecutable(arguments);
        start.RedirectStandardInput = true;
        Process process = Process.Start(start)!;
        string line = await process.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("The child process exited before listening.");
        return line.StartsWith(ReadyPrefix, StringComparison.Ordinal)
            ? new ChildServer(process, new Uri(line[ReadyPrefix.Length..]))
            : throw new InvalidOperationException($"Unexpected output from the child process: {line}");
    }

    /// <summary>How to start this executable again with <paramref name="arguments"/>, its standard output redirected.</summary>
    public static ProcessStartInfo ThisExecutable(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileName(Environment.ProcessPath!) is "dotnet" or "dotnet.exe")
        {
            // Started through the dotnet host: name the entry assembly.
            start.ArgumentList.Add(System.Reflection.Assembly.GetEntryAssembly()!.Location);
        }

        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    /// <summary>The child's side: announces <paramref name="endpoint"/>, then returns when the parent closes standard input.</summary>
    public static async Task ServeUntilParentLeavesAsync(Uri endpoint)
    {
        Console.WriteLine($"{ReadyPrefix}{endpoint}");
        await Console.In.ReadToEndAsync().ConfigureAwait(false);
    }

    /// <summary>The child's current working set.</summary>
    public long WorkingSetBytes()
    {
        _process.Refresh();
        return _process.WorkingSet64;
    }

    /// <summary>The child's peak working set so far.</summary>
    public long PeakWorkingSetBytes()
    {
        _process.Refresh();
        return _process.PeakWorkingSet64;
    }

    /// <summary>Closes the child's standard input and waits for it to exit.</summary>
    public async ValueTask DisposeAsync()
    {
        _process.StandardInput.Close();
        await _process.WaitForExitAsync().ConfigureAwait(false);
        _process.Dispose();
    }
}
