namespace LambdaStreamGen.DependencyInjection;

/// <summary>
/// The configuration names registered in one service collection and the configuration section each was bound from:
/// what the validator needs to name a key, kept in the collection itself as a singleton instance.
/// </summary>
internal sealed class LambdaStreamingRegistrations
{
    private readonly Dictionary<string, string?> _sectionPaths = new(StringComparer.Ordinal);

    public bool IsRegistered(string name)
    {
        lock (_sectionPaths)
        {
            return _sectionPaths.ContainsKey(name);
        }
    }

    public string? SectionPathOf(string name)
    {
        lock (_sectionPaths)
        {
            return _sectionPaths.GetValueOrDefault(name);
        }
    }

    public void Add(string name, string? sectionPath)
    {
        lock (_sectionPaths)
        {
            // A name bound from a section keeps that section's path even when code configures it as well.
            if (sectionPath is not null || !_sectionPaths.ContainsKey(name))
            {
                _sectionPaths[name] = sectionPath;
            }
        }
    }
}
