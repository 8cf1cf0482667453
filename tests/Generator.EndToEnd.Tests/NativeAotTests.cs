using System.Diagnostics;
using System.Text.Json;
using LambdaStreamGen.Local;
using LambdaStreamGen.TestSupport;

namespace LambdaStreamGen.Generator.EndToEnd.Tests;

/// <summary>
/// samples/AotSmoke, a console app using a generated client with a JsonContext, publishes with Native AOT with zero
/// trimming or AOT warnings, and the native binary streams from the emulator. Needs a C toolchain (gcc or clang), as
/// every Native AOT publish on Linux does.
/// </summary>
public sealed class NativeAotTests
{
    [Fact]
    public async Task Generated_client_publishes_with_Native_AOT_without_warnings_and_runs()
    {
        string output = Path.Combine(Path.GetTempPath(), "lambdastreamgen-aot-" + Guid.NewGuid().ToString("N"));
        string project = RepositoryPaths.InRepository("samples/AotSmoke/AotSmoke.csproj");
        (int exitCode, string log) = await RunAsync("dotnet", ["publish", project, "-c", "Release", "-r", "linux-x64", "-p:CppCompilerAndLinker=gcc", "-o", output], TimeSpan.FromMinutes(10));

        Assert.True(exitCode == 0, log);
        string[] warnings = [.. log.Split('\n').Where(line => line.Contains(": warning ", StringComparison.Ordinal))];
        Assert.True(warnings.Length == 0, string.Join("\n", warnings));

        await using LocalLambdaServer server = await LocalLambdaServer.StartAsync(options => options.AddFunction("rows", async (invocation, response, ct) =>
        {
            using JsonDocument query = JsonDocument.Parse(invocation.Payload);
            int count = query.RootElement.GetProperty("Count").GetInt32();
            for (int i = 0; i < count; i++)
            {
                await response.WriteLineAsync($"{{\"Id\":{i},\"Name\":\"row {i}\"}}", ct);
                await response.FlushAsync(ct);
            }
        }));
        (int runExit, string printed) = await RunAsync(Path.Combine(output, "AotSmoke"), [server.Endpoint.ToString()], TimeSpan.FromMinutes(1));

        Assert.True(runExit == 0, printed);
        Assert.Equal(["0:row 0", "1:row 1", "2:row 2"], printed.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Directory.Delete(output, recursive: true);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string fileName, IReadOnlyList<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        using var cancellation = new CancellationTokenSource(timeout);
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(cancellation.Token);
        Task<string> stderr = process.StandardError.ReadToEndAsync(cancellation.Token);
        await process.WaitForExitAsync(cancellation.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
