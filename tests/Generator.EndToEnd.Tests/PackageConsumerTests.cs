using System.Globalization;
using LambdaStreamGen.TestSupport;

namespace LambdaStreamGen.Generator.EndToEnd.Tests;

/// <summary>
/// The proof that the packages work for users, not only inside this solution: in a temporary folder, a brand-new
/// console project references the packed <c>.nupkg</c> files from a local folder feed (nothing else changed),
/// declares an annotated interface, builds with warnings as errors and calls a function on the emulator.
/// </summary>
public sealed class PackageConsumerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task Packed_packages_work_in_a_new_project_with_warnings_as_errors()
    {
        string root = Path.Combine(Path.GetTempPath(), "lambdastreamgen-consumer-" + Guid.NewGuid().ToString("N"));
        string feed = Path.Combine(root, "feed");
        string app = Path.Combine(root, "app");
        Directory.CreateDirectory(app);

        // A version of its own, so that no package cached by an earlier run can stand in for this build.
        string version = "0.0.0-test" + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);
        foreach (string project in new[] { "src/Runtime/Runtime.csproj", "src/Local/Local.csproj", "src/DependencyInjection/DependencyInjection.csproj" })
        {
            // Built in a folder of its own: packing in place would rewrite the repository's bin and obj folders with
            // this test version while other test projects of the same run still copy their references from them.
            ProcessResult pack = await ProcessRunner.RunAsync(
                "dotnet",
                ["pack", RepositoryPaths.InRepository(project), "-c", "Release", "-o", feed, $"-p:Version={version}", "--artifacts-path", Path.Combine(root, "build")],
                Timeout,
                root);
            (int packExit, string packLog) = (pack.ExitCode, pack.Output);
            Assert.True(packExit == 0, packLog);
        }

        // The emulator depends on the runtime by an ordinary minimum version, which is safe because it uses only the
        // runtime's public API (ShippedAssembliesTests): either package can be upgraded alone.
        using (var local = System.IO.Compression.ZipFile.OpenRead(Path.Combine(feed, $"LambdaStreamGen.Local.{version}.nupkg")))
        {
            using var nuspec = new StreamReader(local.GetEntry("LambdaStreamGen.Local.nuspec")!.Open());
            string manifest = await nuspec.ReadToEndAsync();
            Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(manifest, $"<dependency id=\"LambdaStreamGen\" version=\"{System.Text.RegularExpressions.Regex.Escape(version)}\""));
        }

        // The generator and its code fixes ship side by side in the analyzer folder, never as run-time references.
        using (var runtime = System.IO.Compression.ZipFile.OpenRead(Path.Combine(feed, $"LambdaStreamGen.{version}.nupkg")))
        {
            string[] analyzers = [.. runtime.Entries.Select(e => e.FullName).Where(n => n.StartsWith("analyzers/", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];
            Assert.Equal(["analyzers/dotnet/cs/LambdaStreamGen.CodeFixes.dll", "analyzers/dotnet/cs/LambdaStreamGen.Generator.dll"], analyzers);
            Assert.DoesNotContain(runtime.Entries, e => e.FullName.StartsWith("lib/", StringComparison.Ordinal) && e.Name.Contains("CodeFixes", StringComparison.Ordinal));
        }

        await File.WriteAllTextAsync(Path.Combine(app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="local-feed" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        await File.WriteAllTextAsync(Path.Combine(app, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <MSBuildTreatWarningsAsErrors>true</MSBuildTreatWarningsAsErrors>
                <NuGetAudit>false</NuGetAudit>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="LambdaStreamGen" Version="{version}" />
                <PackageReference Include="LambdaStreamGen.Local" Version="{version}" />
                <PackageReference Include="LambdaStreamGen.DependencyInjection" Version="{version}" />
              </ItemGroup>
            </Project>
            """);
        await File.WriteAllTextAsync(Path.Combine(app, "Program.cs"), """
            using System.Text.Json.Serialization;
            using LambdaStreamGen;
            using LambdaStreamGen.Local;
            using Microsoft.Extensions.DependencyInjection;

            await using var server = await LocalLambdaServer.StartAsync(options =>
                options.AddFunction("greeter", async (invocation, response, cancellationToken) =>
                {
                    Greeting request = invocation.ReadJson(AppJson.Default.Greeting)!;
                    for (int i = 1; i <= 3; i++)
                    {
                        await response.WriteJsonLineAsync(new Greeting($"{request.Name} #{i}"), AppJson.Default.Greeting, cancellationToken);
                        await response.FlushAsync(cancellationToken);
                    }
                }));
            using var client = new LambdaStreamingClient(server.CreateClientOptions());
            IGreeter greeter = IGreeter.Create(client);
            await foreach (Greeting greeting in greeter.GreetAsync(new Greeting("package")))
            {
                Console.WriteLine(greeting.Name);
            }

            // The same interface resolved from a service collection, through the dependency-injection package.
            var services = new ServiceCollection();
            services.AddLambdaStreaming(options =>
            {
                LambdaStreamingClientOptions local = server.CreateClientOptions();
                (options.ServiceUrl, options.Region, options.Credentials) = (local.ServiceUrl, local.Region, local.Credentials);
            });
            services.AddLambdaStreamingClient(IGreeter.Create);
            await using (ServiceProvider provider = services.BuildServiceProvider())
            {
                await foreach (Greeting greeting in provider.GetRequiredService<IGreeter>().GreetAsync(new Greeting("injected")))
                {
                    Console.WriteLine(greeting.Name);
                }
            }

            public sealed record Greeting(string Name);

            [JsonSerializable(typeof(Greeting))]
            internal sealed partial class AppJson : JsonSerializerContext;

            [LambdaStreamingFunction("greeter", JsonContext = typeof(AppJson))]
            public partial interface IGreeter
            {
                IAsyncEnumerable<Greeting> GreetAsync(Greeting request, CancellationToken cancellationToken = default);
            }
            """);

        // A client whose JSON uses reflection: silent in this project, one LSG0017 in a trimmed one (below).
        await File.WriteAllTextAsync(Path.Combine(app, "ReflectionClient.cs"), """
            using LambdaStreamGen;

            [LambdaStreamingFunction("greeter")]
            public partial interface IReflectionGreeter
            {
                IAsyncEnumerable<Greeting> GreetAsync(Greeting request);
            }
            """);

        ProcessResult run = await ProcessRunner.RunAsync("dotnet", ["run", "--project", app, "-c", "Release"], Timeout, app);
        (int runExit, string output) = (run.ExitCode, run.Output);

        Assert.True(runExit == 0, output);
        Assert.DoesNotContain(": warning ", output, StringComparison.Ordinal);
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(["package #1", "package #2", "package #3"], lines.Where(l => l.StartsWith("package #", StringComparison.Ordinal)));
        Assert.Equal(["injected #1", "injected #2", "injected #3"], lines.Where(l => l.StartsWith("injected #", StringComparison.Ordinal)));

        // In a project that asks for AOT analysis, that client is one warning on its interface, none in generated code.
        ProcessResult trimmed = await ProcessRunner.RunAsync(
            "dotnet", ["build", app, "-c", "Release", "--no-incremental", "-p:IsAotCompatible=true", "-p:TreatWarningsAsErrors=false", "-p:MSBuildTreatWarningsAsErrors=false"], Timeout, app);
        Assert.True(trimmed.ExitCode == 0, trimmed.Output);
        string[] warnings = [.. trimmed.Output.Split('\n').Where(l => l.Contains(": warning ", StringComparison.Ordinal)).Select(l => l.Trim()).Distinct(StringComparer.Ordinal)];
        Assert.True(warnings.Count(w => w.Contains("warning LSG0017", StringComparison.Ordinal)) == 1, trimmed.Output);
        string lsg0017 = warnings.Single(w => w.Contains("warning LSG0017", StringComparison.Ordinal));
        Assert.Contains("ReflectionClient.cs", lsg0017, StringComparison.Ordinal);
        Assert.DoesNotContain(warnings, w => w.Contains("warning IL2026", StringComparison.Ordinal) || w.Contains("warning IL3050", StringComparison.Ordinal));

        // The package's build check refuses a compiler too old for the generator, with a message that says so. An old
        // compiler is simulated by raising the minimum the check compares against.
        ProcessResult oldCompiler = await ProcessRunner.RunAsync("dotnet", ["build", app, "-c", "Release", "--no-incremental", "-p:LambdaStreamGenMinimumMSBuildVersion=99.0"], Timeout, app);
        (int oldExit, string oldOutput) = (oldCompiler.ExitCode, oldCompiler.Output);
        Assert.NotEqual(0, oldExit);
        Assert.Contains("LSG1001", oldOutput, StringComparison.Ordinal);
        Assert.Contains("needs the C# compiler of the .NET 8 SDK", oldOutput, StringComparison.Ordinal);
        Directory.Delete(root, recursive: true);
    }
}
