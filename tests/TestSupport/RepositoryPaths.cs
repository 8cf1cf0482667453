namespace LambdaStreamGen.TestSupport;

/// <summary>Finds the repository and the shared test data beside it, wherever the tests run from.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>The folder holding <c>LambdaStreamGen.sln</c>.</summary>
    public static string Root => LazyRoot.Value;

    /// <summary>The event-stream conformance vectors, kept outside the repository in <c>../shared</c>.</summary>
    public static string EventStreamConformance
    {
        get
        {
            string path = Path.GetFullPath(Path.Combine(Root, "..", "shared", "conformance", "eventstream"));
            if (!Directory.Exists(path))
            {
                throw new DirectoryNotFoundException(
                    $"The event-stream conformance vectors were not found at '{path}'. They live in the 'shared' folder beside the repository checkout.");
            }

            return path;
        }
    }

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
