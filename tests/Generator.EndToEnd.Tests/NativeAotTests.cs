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
        // Built in a folder of its own, so that the publish never rewrites bin or obj folders that other test projects
        // of the same run are reading.
        ProcessResult publish = await ProcessRunner.RunAsync(
            "dotnet",
            ["publish", project, "-c", "Release", "-r", "linux-x64", "-p:CppCompilerAndLinker=gcc", "-o", output, "--artifacts-path", output + "-build"],
            TimeSpan.FromMinutes(10));
        (int exitCode, string log) = (publish.ExitCode, publish.Output);

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
        ProcessResult run = await ProcessRunner.RunAsync(Path.Combine(output, "AotSmoke"), [server.Endpoint.ToString()], TimeSpan.FromMinutes(1));
        (int runExit, string printed) = (run.ExitCode, run.Output);

        Assert.True(runExit == 0, printed);
        Assert.Equal(["0:row 0", "1:row 1", "2:row 2"], printed.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Directory.Delete(output, recursive: true);
        Directory.Delete(output + "-build", recursive: true);
    }
}
