using LambdaStreamGen.TestSupport;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LambdaStreamGen.Generator.Tests;

/// <summary>Compiles test sources against the real runtime assembly and runs the generator and analyzer on them.</summary>
internal static class GeneratorHarness
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    [
        .. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator).Select(path => MetadataReference.CreateFromFile(path)),
        MetadataReference.CreateFromFile(typeof(LambdaStreamingClient).Assembly.Location),
    ]);

    // A net8.0 user project: the net8.0 reference assemblies (restored into the package cache by the runtime's own
    // net8.0 build) and the runtime built for net8.0.
    private static readonly Lazy<ImmutableArray<MetadataReference>> Net8References = new(() =>
    {
        string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string? pack = Directory.Exists(Path.Combine(packages, "microsoft.netcore.app.ref"))
            ? Directory.GetDirectories(Path.Combine(packages, "microsoft.netcore.app.ref"), "8.0.*").OrderBy(d => Version.Parse(Path.GetFileName(d))).LastOrDefault()
            : null;
        string runtime = typeof(LambdaStreamingClient).Assembly.Location.Replace($"{Path.DirectorySeparatorChar}net10.0{Path.DirectorySeparatorChar}", $"{Path.DirectorySeparatorChar}net8.0{Path.DirectorySeparatorChar}", StringComparison.Ordinal);
        string runtimeProject = RepositoryPaths.InRepository($"src/Runtime/bin/{(runtime.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug")}/net8.0/LambdaStreamGen.dll");
        if (pack is null || !File.Exists(runtimeProject))
        {
            throw new InvalidOperationException($"The net8.0 reference assemblies or the runtime built for net8.0 are missing (looked in {packages} and {runtimeProject}); build the solution first.");
        }

        return [.. Directory.GetFiles(Path.Combine(pack, "ref", "net8.0"), "*.dll").Select(path => MetadataReference.CreateFromFile(path)), MetadataReference.CreateFromFile(runtimeProject)];
    });

    /// <summary>Whether compilations target net8.0 instead of this test's net10.0.</summary>
    public static AsyncLocal<bool> TargetNet8 { get; } = new();

    public static CSharpCompilation Compile(LanguageVersion languageVersion, params string[] sources) =>
        Compile(languageVersion, NullableContextOptions.Enable, sources);

    public static CSharpCompilation Compile(LanguageVersion languageVersion, NullableContextOptions nullable, params string[] sources) =>
        CSharpCompilation.Create(
            "UserProject",
            sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(languageVersion), path: $"Source{i}.cs")),
            TargetNet8.Value ? Net8References.Value : References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: nullable, generalDiagnosticOption: ReportDiagnostic.Error));

    public static GeneratorDriver CreateDriver(LanguageVersion languageVersion = LanguageVersion.Latest) =>
        CSharpGeneratorDriver.Create(
            [new LambdaStreamingClientGenerator().AsSourceGenerator()],
            parseOptions: new CSharpParseOptions(languageVersion),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator; returns the generated sources and the compilation with them added.</summary>
    public static (GeneratorDriverRunResult Result, Compilation Output) Run(LanguageVersion languageVersion, params string[] sources) =>
        Run(languageVersion, NullableContextOptions.Enable, sources);

    /// <summary>Runs the generator with a nullable context; returns the generated sources and the compilation with them added.</summary>
    public static (GeneratorDriverRunResult Result, Compilation Output) Run(LanguageVersion languageVersion, NullableContextOptions nullable, params string[] sources)
    {
        CSharpCompilation compilation = Compile(languageVersion, nullable, sources);
        GeneratorDriver driver = CreateDriver(languageVersion).RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out _);
        return (driver.GetRunResult(), output);
    }

    public static Task<ImmutableArray<Diagnostic>> AnalyzeAsync(params string[] sources) =>
        AnalyzeAsync(LanguageVersion.Latest, NullableContextOptions.Enable, sources);

    /// <summary>Runs the analyzer over a compilation as it is, for example one that already holds the generated sources.</summary>
    public static Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Compilation compilation) =>
        compilation.WithAnalyzers([new LambdaStreamingClientAnalyzer()]).GetAnalyzerDiagnosticsAsync();

    public static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(LanguageVersion languageVersion, NullableContextOptions nullable, params string[] sources)
    {
        CSharpCompilation compilation = Compile(languageVersion, nullable, sources);
        return await compilation.WithAnalyzers([new LambdaStreamingClientAnalyzer()]).GetAnalyzerDiagnosticsAsync();
    }
}
