using System.Collections.Concurrent;
using System.ComponentModel;
using System.Security.Cryptography;

namespace LambdaStreamGen.TestSupport;

/// <summary>
/// Runs the JavaScript side of a cross-check test from a folder of the repository. Its packages are pinned by the
/// folder's <c>package-lock.json</c> and installed by the test run itself with <c>npm ci</c>, once per lock-file
/// version; Node.js must be installed, and its absence fails the test with a message that says so.
/// </summary>
/// <param name="packageFolder">The absolute path of the folder holding <c>package.json</c> and the scripts.</param>
public sealed class NodeJs(string packageFolder)
{
    // One install per folder for the whole test process, whichever instance asks first: several test classes use the
    // same folder, and two concurrent `npm ci` runs in one folder delete each other's files on a fresh checkout.
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> InstallLocks = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, bool> InstalledFolders = new(StringComparer.Ordinal);

    public string PackageFolder => packageFolder;

    /// <summary>Runs <c>npm ci</c> unless the installed packages already match the lock file.</summary>
    public async Task EnsurePackagesInstalledAsync()
    {
        string folder = Path.GetFullPath(PackageFolder);
        SemaphoreSlim installLock = InstallLocks.GetOrAdd(folder, _ => new SemaphoreSlim(1, 1));
        await installLock.WaitAsync();
        try
        {
            if (InstalledFolders.ContainsKey(folder))
            {
                return;
            }

            string lockFile = Path.Combine(PackageFolder, "package-lock.json");
            string stamp = Path.Combine(PackageFolder, "node_modules", ".lambdastreamgen-lock-hash");
            string lockHash = Convert.ToHexString(SHA256.HashData(await File.ReadAllBytesAsync(lockFile)));
            if (!File.Exists(stamp) || await File.ReadAllTextAsync(stamp) != lockHash)
            {
                ProcessResult install = await RunAsync(NpmCommand, ["ci", "--no-audit", "--no-fund"], standardInput: null, TimeSpan.FromMinutes(10), environment: null);
                if (install.ExitCode != 0)
                {
                    throw new InvalidOperationException($"'npm ci' failed in {PackageFolder} (exit {install.ExitCode}):\n{install.StandardError}\n{install.StandardOutput}");
                }

                await File.WriteAllTextAsync(stamp, lockHash);
            }

            InstalledFolders[folder] = true;
        }
        finally
        {
            installLock.Release();
        }
    }

    /// <summary>Runs a script from the <c>node</c> folder and returns its output; fails the test on a non-zero exit.</summary>
    public async Task<string> RunScriptAsync(string script, IReadOnlyList<string> arguments, string? standardInput = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        await EnsurePackagesInstalledAsync();
        ProcessResult result = await RunAsync("node", [script, .. arguments], standardInput, TimeSpan.FromMinutes(5), environment);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"'node {script} {string.Join(' ', arguments)}' exited with {result.ExitCode}:\n{result.StandardError}");
        }

        return result.StandardOutput;
    }

    private static string NpmCommand => OperatingSystem.IsWindows() ? "npm.cmd" : "npm";

    // Node.js and npm are prerequisites of the test run: their absence is a clear failure, never a skip.
    private async Task<ProcessResult> RunAsync(string fileName, IReadOnlyList<string> arguments, string? standardInput, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment)
    {
        try
        {
            return await ProcessRunner.RunAsync(fileName, arguments, timeout, PackageFolder, standardInput, environment);
        }
        catch (Win32Exception exception)
        {
            throw new InvalidOperationException(
                $"The cross-check tests need Node.js (18 or later) with npm on PATH, and '{fileName}' could not be started: {exception.Message}. Install Node.js from your package manager and run the tests again.",
                exception);
        }
    }
}
