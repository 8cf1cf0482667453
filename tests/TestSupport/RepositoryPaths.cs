namespace LambdaStreamGen.TestSupport;

/// <summary>Finds the repository and the shared test data beside it, wherever the tests run from.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>The folder holding <c>LambdaStreamGen.sln</c>.</summary>
    public static string Root => LazyRoot.Value;

    /// <summary>
    /// The upstream event-stream conformance vectors (smithy-typescript, smithy-rs, aws-c-event-stream), which are not
    /// the repository's to carry: they are read from <c>../shared/conformance/eventstream</c> beside the checkout when it
    /// is there, and are <see langword="null"/> otherwise.
    /// </summary>
    public static string? UpstreamEventStreamConformance
    {
        get
        {
            string path = Path.GetFullPath(Path.Combine(Root, "..", "shared", "conformance", "eventstream"));
            return Directory.Exists(path) ? path : null;
        }
    }

    /// <summary>Why the upstream-vector tests do not run, or <see langword="null"/> when the vectors are present.</summary>
    public static string? UpstreamEventStreamConformanceMissing => UpstreamEventStreamConformance is null
        ? $"The upstream event-stream conformance vectors are not beside this checkout (looked for '{Path.GetFullPath(Path.Combine(Root, "..", "shared", "conformance", "eventstream"))}'); the repository's own vectors (RepositoryVectorTests) cover the codec without them."
        : null;

    /// <summary>A folder in the repository, for files the tests run from the source tree (the Node.js scripts).</summary>
    /// <param name="relative">The path below the repository root, with '/' separators.</param>
    /// <returns>The absolute path.</returns>
    public static string InRepository(string relative) => Path.Combine([Root, .. relative.Split('/')]);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "LambdaStreamGen.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No LambdaStreamGen.sln above '{AppContext.BaseDirectory}'; run the tests from the repository.");
    }
}
