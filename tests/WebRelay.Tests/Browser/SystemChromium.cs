using LambdaStreamGen.TestSupport;

namespace LambdaStreamGen.WebRelay.Tests.Browser;

/// <summary>
/// Finds the machine's own Chromium for Playwright to drive, so that no browser is downloaded at test time. On a
/// Debian or Ubuntu machine where the tests run as root (a CI container), a missing Chromium is installed from the
/// distribution's packages, so the test command alone sets up what it needs; elsewhere the failure says what to do.
/// </summary>
internal static class SystemChromium
{
    /// <summary>Names a Chromium or Chrome executable to use instead of looking for one.</summary>
    public const string PathVariable = "LAMBDASTREAMGEN_CHROMIUM";

    private static readonly string[] Candidates =
        ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable"];

    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    public static async Task<string> FindOrInstallAsync()
    {
        if (Find() is { } found)
        {
            return found;
        }

        await InstallLock.WaitAsync();
        try
        {
            if (Find() is { } installedMeanwhile)
            {
                return installedMeanwhile;
            }

            string? installLog = await TryInstallAsync();
            return Find() ?? throw new InvalidOperationException(
                "The browser tests need Chromium and found none (looked at " + string.Join(", ", Candidates) + "). " +
                "Install it (Debian: 'sudo apt-get install chromium'; Ubuntu: 'sudo apt-get install chromium-browser') " +
                $"or set {PathVariable} to a Chromium or Chrome executable." +
                (installLog is null ? string.Empty : Environment.NewLine + "Installing it failed:" + Environment.NewLine + installLog));
        }
        finally
        {
            InstallLock.Release();
        }
    }

    private static string? Find()
    {
        string? configured = Environment.GetEnvironmentVariable(PathVariable);
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(configured)
                ? configured
                : throw new InvalidOperationException($"{PathVariable} is '{configured}', which does not exist.");
        }

        return Candidates.FirstOrDefault(File.Exists);
    }

    /// <summary>Installs Debian's <c>chromium</c> package when that is possible without asking anyone; returns the log of a failed attempt.</summary>
    private static async Task<string?> TryInstallAsync()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root" || !File.Exists("/usr/bin/apt-get"))
        {
            return null;
        }

        var environment = new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" };
        ProcessResult install = await ProcessRunner.RunAsync("apt-get", ["install", "-y", "-q", "chromium"], TimeSpan.FromMinutes(5), environment: environment);
        if (install.ExitCode != 0)
        {
            // A fresh container has no package lists yet.
            ProcessResult update = await ProcessRunner.RunAsync("apt-get", ["update", "-q"], TimeSpan.FromMinutes(5), environment: environment);
            install = await ProcessRunner.RunAsync("apt-get", ["install", "-y", "-q", "chromium"], TimeSpan.FromMinutes(5), environment: environment);
            if (install.ExitCode != 0)
            {
                return update.Output + install.Output;
            }
        }

        return null;
    }
}
