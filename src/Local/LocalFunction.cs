using System.Collections.Concurrent;

namespace LambdaStreamGen.Local;

/// <summary>A function registered with the emulator: its handler, published versions, aliases and injected faults.</summary>
public sealed class LocalFunction
{
    private readonly ConcurrentDictionary<string, byte> _versions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _aliases = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<LocalFault[]> _onceFaults = new();
    private volatile LocalFault[] _alwaysFaults = [];

    internal LocalFunction(string name, LocalLambdaHandler handler)
    {
        Name = name;
        Handler = handler;
    }

    /// <summary>The function name.</summary>
    public string Name { get; }

    internal LocalLambdaHandler Handler { get; }

    /// <summary>
    /// The content type the function declares for its stream, sent as the response's <c>Content-Type</c> (Lambda's
    /// <c>ResponseStreamContentType</c>). Default <c>application/octet-stream</c>.
    /// </summary>
    public string StreamContentType { get; private set; } = "application/octet-stream";

    /// <summary>
    /// Whether the function accepts any payload bytes. By default it does not: like Lambda, the emulator refuses a
    /// payload that is not JSON with <c>InvalidRequestContentException</c> (400).
    /// </summary>
    public bool AcceptsRawPayloads { get; private set; }

    /// <summary>
    /// Lets the function receive payloads that are not JSON (text, bytes), which Lambda itself refuses: for tests of
    /// clients that send raw payloads to a function of their own.
    /// </summary>
    /// <returns>This function, for chaining.</returns>
    public LocalFunction WithRawPayloads()
    {
        AcceptsRawPayloads = true;
        return this;
    }

    /// <summary>
    /// Declares the stream's content type, for example <c>application/x-ndjson</c>, or
    /// <c>application/vnd.awslambda.http-integration-response</c> for a function-URL style response with a prelude.
    /// </summary>
    /// <param name="contentType">A media type.</param>
    /// <returns>This function, for chaining.</returns>
    /// <exception cref="ArgumentException">The value is not a media type.</exception>
    public LocalFunction WithStreamContentType(string contentType)
    {
        if (!System.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out _))
        {
            throw new ArgumentException($"'{contentType}' is not a media type.", nameof(contentType));
        }

        StreamContentType = contentType;
        return this;
    }

    /// <summary>Publishes a version number, so that invoking with that qualifier runs (and reports) it.</summary>
    /// <param name="version">A version number such as <c>1</c>.</param>
    /// <returns>This function, for chaining.</returns>
    public LocalFunction WithVersion(string version)
    {
        ArgumentException.ThrowIfNullOrEmpty(version);
        if (!version.All(char.IsAsciiDigit))
        {
            throw new ArgumentException($"A Lambda version is a number; '{version}' is not.", nameof(version));
        }

        _versions[version] = 0;
        return this;
    }

    /// <summary>Adds an alias pointing at a published version (published here if it was not).</summary>
    /// <param name="alias">The alias name, for example <c>live</c>.</param>
    /// <param name="version">The version it points at.</param>
    /// <returns>This function, for chaining.</returns>
    public LocalFunction WithAlias(string alias, string version)
    {
        ArgumentException.ThrowIfNullOrEmpty(alias);
        WithVersion(version);
        _aliases[alias] = version;
        return this;
    }

    /// <summary>Injects faults into every invocation from now on (replacing earlier ones given here).</summary>
    /// <param name="faults">The faults; none to stop injecting.</param>
    /// <returns>This function, for chaining.</returns>
    public LocalFunction InjectFault(params LocalFault[] faults)
    {
        ArgumentNullException.ThrowIfNull(faults);
        _alwaysFaults = [.. faults];
        return this;
    }

    /// <summary>Injects faults into the next <paramref name="invocations"/> invocations only, then stops.</summary>
    /// <param name="invocations">How many invocations get the faults.</param>
    /// <param name="faults">The faults.</param>
    /// <returns>This function, for chaining.</returns>
    public LocalFunction InjectFaultOnce(int invocations, params LocalFault[] faults)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(invocations);
        ArgumentNullException.ThrowIfNull(faults);
        for (int i = 0; i < invocations; i++)
        {
            _onceFaults.Enqueue([.. faults]);
        }

        return this;
    }

    /// <summary>How many invocations reached this function (including rejected ones that named it).</summary>
    public int InvocationCount => _invocationCount;

    private int _invocationCount;

    // Resolves a qualifier to the version that runs, or null when it names nothing published.
    internal string? ResolveVersion(string? qualifier)
    {
        if (qualifier is null or "$LATEST")
        {
            return "$LATEST";
        }

        if (_versions.ContainsKey(qualifier))
        {
            return qualifier;
        }

        return _aliases.TryGetValue(qualifier, out string? version) ? version : null;
    }

    internal LocalFault[] TakeFaultsForInvocation()
    {
        Interlocked.Increment(ref _invocationCount);
        LocalFault[] always = _alwaysFaults;
        return _onceFaults.TryDequeue(out LocalFault[]? once) ? [.. always, .. once] : always;
    }
}
