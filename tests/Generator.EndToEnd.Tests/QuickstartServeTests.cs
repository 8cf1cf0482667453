using System.Diagnostics;
using System.Text.RegularExpressions;
using Amazon.Runtime;
using LambdaStreamGen.Local;
using LambdaStreamGen.TestSupport;

namespace LambdaStreamGen.Generator.EndToEnd.Tests;

/// <summary>
/// The quickstart's <c>serve</c> mode as another program uses it: it stops like a service on SIGTERM, its function
/// speaks the camelCase JSON callers send and refuses a payload that lacks what it needs, and the README's JavaScript
/// example works as written (only the port differs: each test run picks a free one).
/// </summary>
public sealed partial class QuickstartServeTests
{
    private static readonly NodeJs Node = new(RepositoryPaths.InRepository("tests/Generator.EndToEnd.Tests/node"));

    [Fact]
    public async Task Serve_stops_on_SIGTERM_cutting_open_streams_and_exits_0()
    {
        await using ServeProcess serve = await ServeProcess.StartAsync();
        using var client = serve.CreateClient();

        await using LambdaResponseStream response = await client.InvokeAsync(new LambdaStreamingRequest("report-generator").WithTextPayload("{\"rows\":1000,\"region\":\"eu-west-1\"}"));
        await using IAsyncEnumerator<string> lines = response.ReadTextLinesAsync().GetAsyncEnumerator();
        Assert.True(await lines.MoveNextAsync());

        ProcessResult kill = await ProcessRunner.RunAsync("kill", ["-TERM", serve.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10));
        Assert.Equal(0, kill.ExitCode);

        // The open stream is cut, never completed: the caller sees a truncation.
        await Assert.ThrowsAsync<LambdaStreamTruncatedException>(async () =>
        {
            while (await lines.MoveNextAsync())
            {
            }
        });
        Assert.False(response.IsCompleted);

        (int exitCode, string output) = await serve.WaitForExitAsync(TimeSpan.FromSeconds(30));
        Assert.True(exitCode == 0, output);
        Assert.Contains("stopped.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_camelCase_payload_streams_its_rows_and_one_without_rows_is_a_function_error_that_says_so()
    {
        await using ServeProcess serve = await ServeProcess.StartAsync();
        using var client = serve.CreateClient();

        await using (LambdaResponseStream response = await client.InvokeAsync(new LambdaStreamingRequest("report-generator").WithTextPayload("{\"rows\":3,\"region\":\"eu-west-1\"}")))
        {
            List<string> rows = await ToListAsync(response.ReadTextLinesAsync());
            Assert.Equal(3, rows.Count);
            Assert.All(rows, row => Assert.Matches("^\\{\"number\":\\d,\"region\":\"eu-west-1\",\"product\":\"[a-z]+\",\"revenue\":[0-9.]+\\}$", row));
        }

        foreach (string payload in new[] { "{\"region\":\"eu-west-1\"}", "{\"Rows\":0,\"region\":\"eu-west-1\"}", string.Empty })
        {
            await using LambdaResponseStream response = await client.InvokeAsync(new LambdaStreamingRequest("report-generator").WithTextPayload(payload));
            var error = await Assert.ThrowsAsync<LambdaFunctionException>(async () => await ToListAsync(response.ReadTextLinesAsync()));
            Assert.Equal("ArgumentException", error.ErrorType);
            Assert.Contains("\"rows\" (a positive number) and \"region\"", error.ErrorMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_READMEs_JavaScript_example_streams_the_rows_from_serve()
    {
        string readme = await File.ReadAllTextAsync(RepositoryPaths.InRepository("README.md"));
        Match example = JavaScriptBlock().Match(readme);
        Assert.True(example.Success, "README.md has no ```js example in its serve section");
        Assert.Contains("http://127.0.0.1:9001", example.Groups[1].Value, StringComparison.Ordinal);

        await using ServeProcess serve = await ServeProcess.StartAsync();
        await Node.EnsurePackagesInstalledAsync();
        string script = Path.Combine(Node.PackageFolder, $"readme-example-{Guid.NewGuid():N}.mjs");
        await File.WriteAllTextAsync(script, example.Groups[1].Value.Replace("http://127.0.0.1:9001/", serve.Endpoint.AbsoluteUri, StringComparison.Ordinal)
            .Replace("http://127.0.0.1:9001", serve.Endpoint.AbsoluteUri.TrimEnd('/'), StringComparison.Ordinal));
        try
        {
            string output = await Node.RunScriptAsync(Path.GetFileName(script), []);
            string[] rows = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(3, rows.Length);
            Assert.All(rows, row => Assert.StartsWith("{\"number\":", row, StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(script);
        }
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (T item in items)
        {
            list.Add(item);
        }

        return list;
    }

    [GeneratedRegex("### The emulator as a service, for any language.*?```js\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex JavaScriptBlock();

    /// <summary><c>Quickstart serve --port 0</c> in a child process, read until it prints its endpoint.</summary>
    private sealed partial class ServeProcess : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly System.Text.StringBuilder _output = new();

        private ServeProcess(Process process, Uri endpoint)
        {
            _process = process;
            Endpoint = endpoint;
        }

        public Uri Endpoint { get; }

        public int Id => _process.Id;

        public static async Task<ServeProcess> StartAsync()
        {
            string configuration = typeof(QuickstartServeTests).Assembly.Location.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
            string quickstart = RepositoryPaths.InRepository($"samples/Quickstart/bin/{configuration}/net10.0/Quickstart.dll");
            Assert.True(File.Exists(quickstart), $"Build the solution first: {quickstart} is missing.");
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (string argument in new[] { quickstart, "serve", "--port", "0" })
            {
                start.ArgumentList.Add(argument);
            }

            Process process = Process.Start(start)!;
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            string first = await process.StandardOutput.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException("serve exited before listening: " + await process.StandardError.ReadToEndAsync());
            Match endpoint = EndpointLine().Match(first);
            Assert.True(endpoint.Success, first);
            var serve = new ServeProcess(process, new Uri(endpoint.Groups[1].Value));
            serve._output.AppendLine(first);
            return serve;
        }

        public LambdaStreamingClient CreateClient() => new(new LambdaStreamingClientOptions
        {
            ServiceUrl = Endpoint,
            Region = "us-east-1",
            Credentials = new BasicAWSCredentials(LocalCredentials.Test.AccessKeyId, LocalCredentials.Test.SecretAccessKey),
            MaxAttempts = 1,
        });

        public async Task<(int ExitCode, string Output)> WaitForExitAsync(TimeSpan limit)
        {
            using var timeout = new CancellationTokenSource(limit);
            _output.Append(await _process.StandardOutput.ReadToEndAsync(timeout.Token));
            await _process.WaitForExitAsync(timeout.Token);
            return (_process.ExitCode, _output.ToString() + await _process.StandardError.ReadToEndAsync(timeout.Token));
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
        }

        [GeneratedRegex("^local Lambda streaming emulator on (\\S+)$")]
        private static partial Regex EndpointLine();
    }
}
