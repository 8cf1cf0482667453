using System.Net;
using LambdaStreamGen.Rules;

namespace LambdaStreamGen.Local;

/// <summary>How a <see cref="LocalLambdaServer"/> listens, whom it trusts, and which functions it hosts.</summary>
public sealed class LocalLambdaServerOptions
{
    private readonly Dictionary<string, LocalFunction> _functions = new(StringComparer.Ordinal);

    /// <summary>The TCP port; 0 (the default) picks a free ephemeral port.</summary>
    public int Port { get; set; }

    /// <summary>
    /// The address to bind. Default <see cref="IPAddress.Loopback"/>: the emulator is reachable from this machine only.
    /// Any other address is reported on <see cref="Warnings"/> when the server starts.
    /// </summary>
    public IPAddress BindAddress { get; set; } = IPAddress.Loopback;

    /// <summary>Where the emulator reports what its user should know, such as listening beyond loopback. Default: standard error.</summary>
    public TextWriter Warnings { get; set; } = Console.Error;

    /// <summary>The region the emulator pretends to be in; requests must be signed for it. Default <c>us-east-1</c>.</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>The account id in ARNs. Default <c>123456789012</c>.</summary>
    public string AccountId { get; set; } = "123456789012";

    /// <summary>Whether SigV4 signatures are verified (default <see langword="true"/>), as Lambda does.</summary>
    public bool VerifySignatures { get; set; } = true;

    /// <summary>The credentials whose signatures are accepted. Default: <see cref="LocalCredentials.Test"/> only.</summary>
    public IList<LocalCredentials> Credentials { get; } = [LocalCredentials.Test];

    /// <summary>How far <c>X-Amz-Date</c> may be from the server clock. Default 5 minutes, as AWS allows.</summary>
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How far the emulator's clock is from this machine's; default zero. Set it to show what a caller with a skewed
    /// clock meets: a signature dated more than <see cref="MaxClockSkew"/> from the emulator's time is refused with
    /// <c>InvalidSignatureException</c> ("Signature expired"), and every response's <c>Date</c> header carries the
    /// emulator's time, from which a client can learn the offset, as with Lambda.
    /// </summary>
    public TimeSpan ClockOffset { get; set; }

    /// <summary>
    /// The largest streamed response, in payload bytes. Default 200 MB (Lambda's limit, docs/protocol.md §4). A function
    /// that writes more is stopped and the stream ends with an <c>InvokeComplete</c> error.
    /// </summary>
    public long MaxResponseBytes { get; set; } = 200L * 1024 * 1024;

    /// <summary>
    /// Emulates Lambda's streaming bandwidth: the first 6 MB uncapped, then at most 2 MB/s (docs/protocol.md §4).
    /// Default <see langword="false"/>.
    /// </summary>
    public bool EmulateBandwidth { get; set; }

    /// <summary>
    /// The largest <c>PayloadChunk</c> the emulator sends. Writes beyond it go out as several chunks so that a function
    /// that never flushes cannot make the emulator buffer its whole response. Default 64 KiB.
    /// </summary>
    public int MaxChunkSize { get; set; } = 64 * 1024;

    /// <summary>Registers a streaming function.</summary>
    /// <param name="name">The function name (1–64 characters: letters, digits, hyphens, underscores).</param>
    /// <param name="handler">The function.</param>
    /// <returns>The function, to add versions, aliases or faults.</returns>
    /// <exception cref="ArgumentException">The name is not a valid Lambda function name or is already registered.</exception>
    public LocalFunction AddFunction(string name, LocalLambdaHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (!FunctionNameRules.IsValidName(name))
        {
            throw new ArgumentException($"'{name}' is not a valid Lambda function name: use 1 to 64 letters, digits, hyphens, underscores or dots.", nameof(name));
        }

        var function = new LocalFunction(name, handler);
        if (!_functions.TryAdd(name, function))
        {
            throw new ArgumentException($"A function named '{name}' is already registered.", nameof(name));
        }

        return function;
    }

    /// <summary>The registered functions by name, for example to read <see cref="LocalFunction.InvocationCount"/> in a test.</summary>
    public IReadOnlyDictionary<string, LocalFunction> Functions => _functions;
}
