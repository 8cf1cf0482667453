using System.Diagnostics;

namespace LambdaStreamGen.TestSupport;

/// <summary>What a child process printed and how it ended.</summary>
/// <param name="ExitCode">The exit code.</param>
/// <param name="StandardOutput">Everything written to standard output.</param>
/// <param name="StandardError">Everything written to standard error.</param>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Both streams, for assertion messages and for searching build logs.</summary>
    public string Output => StandardOutput + StandardError;
}

/// <summary>Runs a child process to completion (dotnet, node, npm, a published binary), bounded by a timeout.</summary>
public static class ProcessRunner
{
    /// <summary>Runs <paramref name="fileName"/> and collects its output.</summary>
    /// <exception cref="System.ComponentModel.Win32Exception">The program could not be started (not installed).</exception>
    /// <exception cref="TimeoutException">It did not finish in time; it was killed.</exception>
    public static async Task<ProcessResult> RunAsync(
        string fileName,
        IReadOnlyList<string> arguments,
        TimeSpan timeout,
        string? workingDirectory = null,
        string? standardInput = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (workingDirectory is not null)
        {
            startInfo.WorkingDirectory = workingDirectory;
        }

        foreach (string argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach ((string name, string value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        using Process process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start '{fileName}'.");
        using var cancellation = new CancellationTokenSource(timeout);
        Task<string> output = process.StandardOutput.ReadToEndAsync(cancellation.Token);
        Task<string> error = process.StandardError.ReadToEndAsync(cancellation.Token);
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput.AsMemory(), cancellation.Token);
        }

        process.StandardInput.Close();
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{fileName} {string.Join(' ', arguments)}' did not finish within {timeout}.");
        }

        return new ProcessResult(process.ExitCode, await output, await error);
    }
}
