namespace LambdaStreamGen.Tests.Support;

/// <summary>
/// Tests that change this process's environment (AWS_PROFILE, AWS_CONFIG_FILE, …) run in this collection, which
/// xunit runs on its own after the parallel ones, so no other test reads a half-changed environment.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessEnvironment
{
    public const string Name = "Process environment";

    /// <summary>Sets variables for the duration of a test and restores them after.</summary>
    public static IDisposable Set(IReadOnlyDictionary<string, string?> variables) => new Scope(variables);

    private sealed class Scope : IDisposable
    {
        private readonly Dictionary<string, string?> _previous = [];

        public Scope(IReadOnlyDictionary<string, string?> variables)
        {
            foreach ((string name, string? value) in variables)
            {
                _previous[name] = Environment.GetEnvironmentVariable(name);
                Environment.SetEnvironmentVariable(name, value);
            }
        }

        public void Dispose()
        {
            foreach ((string name, string? value) in _previous)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }
    }
}
