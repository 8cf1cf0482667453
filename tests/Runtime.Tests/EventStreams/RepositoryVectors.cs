using System.Text.Json;
using LambdaStreamGen.Tests.Support;
using LambdaStreamGen.TestSupport;

namespace LambdaStreamGen.Tests.EventStreams;

/// <summary>
/// The repository's own event-stream vectors: a fixed, named set of messages (every header type at its edge values,
/// and the messages a Lambda stream is made of) encoded by the AWS SDK for JavaScript's codec, so that the bytes and
/// their expected meaning never come from the code under test. Built once per test run.
/// </summary>
public sealed class RepositoryVectors : IAsyncLifetime
{
    private static readonly NodeJs Node = new(RepositoryPaths.InRepository("tests/Runtime.Tests/node"));

    internal IReadOnlyDictionary<string, Vector> ByName { get; private set; } = new Dictionary<string, Vector>();

    internal IEnumerable<Vector> All => ByName.Values;

    public async Task InitializeAsync()
    {
        string output = await Node.RunScriptAsync("eventstream-crosscheck.mjs", ["vectors"]);
        var vectors = new Dictionary<string, Vector>(StringComparer.Ordinal);
        foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using JsonDocument document = JsonDocument.Parse(line);
            JsonElement root = document.RootElement;
            List<HeaderText> headers = [.. root.GetProperty("headers").EnumerateArray().Select(h => new HeaderText(h.GetProperty("name").GetString()!, h.GetProperty("type").GetString()!, h.GetProperty("value").GetString()!))];
            var vector = new Vector(root.GetProperty("name").GetString()!, Convert.FromBase64String(root.GetProperty("encoded").GetString()!), headers, Convert.FromBase64String(root.GetProperty("payload").GetString()!));
            vectors.Add(vector.Name, vector);
        }

        ByName = vectors;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>One message: its encoding by the JavaScript codec and what it holds.</summary>
    internal sealed record Vector(string Name, byte[] Encoded, IReadOnlyList<HeaderText> Headers, byte[] Payload)
    {
        public override string ToString() => Name;
    }
}
