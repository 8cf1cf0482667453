using System.ComponentModel;
using System.Diagnostics;
using System.Security.Cryptography;

namespace LambdaStreamGen.Tests.Support;

/// <summary>
/// Runs the JavaScript side of the cross-check tests. The packages are pinned by <c>node/package-lock.json</c> and
/// installed by the test run itself with <c>npm ci</c>, once per lock-file version; Node.js must be installed.
/// </summary>
internal static class NodeJs
{
    private static readonly SemaphoreSlim InstallLock = new(1, 1);
    private static bool s_installed;

    public static string PackageFolder => RepositoryPaths.TestProjectFolder("node");

    /// <summary>Runs <c>npm ci</c> unless the installed packages already match the lock file.</summary>
    public static async Task EnsurePackagesInstalledAsync()
    {
        await InstallLock.WaitAsync();
        try
        {
            if (s_installed)
            {
                return;
            }

            string lockFile = Path.Combine(PackageFolder, "package-lock.json");
            string stamp = Path.Combine(PackageFolder, "node_modules", ".lambdastreamgen-lock-hash");
            string lockHash = Convert.ToHexString(SHA256.HashData(await File.ReadAllBytesAsync(lockFile)));
            if (!File.Exists(stamp) || await File.ReadAllTextAsync(stamp) != lockHash)
            {
                ProcessResult install = await RunAsync(NpmCommand, ["ci", "--no-audit", "--no-fund"], PackageFolder, standardInput: null, TimeSpan.FromMinutes(5));
                if (install.ExitCode != 0)
                {
                    throw new InvalidOperationException($"'npm ci' failed in {PackageFolder} (exit {install.ExitCode}):\n{install.StandardError}\n{install.StandardOutput}");
                }

                await File.WriteAllTextAsync(stamp, lockHash);
            }

            s_installed = true;
        }
        finally
        {
            InstallLock.Release();
        }
    }

    /// <summary>Runs a script from the <c>node</c> folder and returns its output; fails the test on a non-zero exit.</summary>
    public static async Task<string> RunScriptAsync(string script, IReadOnlyList<string> arguments, string? standardInput = null)
    {
        await EnsurePackagesInstalledAsync();
        ProcessResult result = await RunAsync("node", [script, .. arguments], PackageFolder, standardInput, TimeSpan.FromMinutes(2));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"'node {script} {string.Join(' ', arguments)}' exited with {result.ExitCode}:\n{result.StandardError}");
        }

        return result.StandardOutput;
    }

    private static string NpmCommand => OperatingSystem.IsWindows() ? "npm.cmd" : "npm";

    private static async Task<ProcessResult> RunAsync(string fileName, IReadOnlyList<string> arguments, string workingDirectory, string? standardInput, TimeSpan timeout)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start '{fileName}'.");
        }
        catch (Win32Exception exception)
        {
            throw new InvalidOperationException(
                $"The cross-check tests need Node.js (18 or later) with npm on PATH, and '{fileName}' could not be started: {exception.Message}. Install Node.js from your package manager and run the tests again.",
                exception);
        }

        using (process)
        using (var cancellation = new CancellationTokenSource(timeout))
        {
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

    private sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError);
}
