using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Amazon.Runtime;
using LambdaStreamGen.Decoding;
using LambdaStreamGen.Invocation;
using Microsoft.Extensions.Logging;

namespace LambdaStreamGen;

/// <summary>Where a <see cref="LambdaStreamingClient"/> sends requests, how it signs them, and how long it waits.</summary>
/// <remarks>
/// A client takes a validated copy of these options when it is constructed: changing the object afterwards does not
/// change that client (build another client instead), and one options object can configure several clients.
/// </remarks>
public sealed class LambdaStreamingClientOptions
{
    /// <summary>The default for <see cref="MaxRecordBytes"/>: 16 MiB, the largest event-stream message Lambda sends.</summary>
    public const int DefaultMaxRecordBytes = RecordLimit.Default;

    /// <summary>
    /// The default for <see cref="ResponseHeadersTimeout"/> and <see cref="IdleTimeout"/>: a function may run for 15
    /// minutes and may legitimately stay silent for most of that (docs/protocol.md §5, pitfall 6), so the defaults never cut
    /// a legal stream.
    /// </summary>
    public static readonly TimeSpan DefaultStreamTimeout = TimeSpan.FromMinutes(16);

    /// <summary>
    /// The AWS region, for example <c>eu-west-1</c>. When not set: <c>AWS_REGION</c>, then <c>AWS_DEFAULT_REGION</c>,
    /// then the region of the active profile (<c>AWS_PROFILE</c> or <c>default</c>) in the shared config files.
    /// </summary>
    public string? Region { get; set; }

    /// <summary>
    /// An endpoint to use instead of Lambda's regional endpoint, for example a local emulator. Used verbatim; an error
    /// together with <see cref="UseFips"/> or <see cref="UseDualStack"/>.
    /// </summary>
    public Uri? ServiceUrl { get; set; }

    /// <summary>
    /// The named profile of the shared AWS config and credentials files (<c>~/.aws/config</c>, <c>~/.aws/credentials</c>)
    /// to take the region and credentials from, where <see cref="Region"/> and <see cref="Credentials"/> are not set.
    /// When not set: <c>AWS_PROFILE</c>, else <c>default</c>, as part of the default chains.
    /// </summary>
    public string? Profile { get; set; }

    /// <summary>
    /// The shared credentials file <see cref="Profile"/> is read from, instead of <c>~/.aws/credentials</c> (or
    /// <c>AWS_SHARED_CREDENTIALS_FILE</c>); the AWS SDK's <c>AWSOptions.ProfilesLocation</c>. It applies to
    /// <see cref="Profile"/> only, as it does in the AWS SDK, so setting it requires <see cref="Profile"/>.
    /// </summary>
    public string? ProfilesLocation { get; set; }

    /// <summary>
    /// The credentials to sign with. When not set, those of <see cref="Profile"/> when it is set, else AWSSDK.Core's
    /// default credential chain, resolved on first use; credentials that expire are refreshed before signing.
    /// </summary>
    public AWSCredentials? Credentials { get; set; }

    /// <summary>Uses the FIPS endpoint (<c>lambda-fips.{region}…</c>).</summary>
    public bool UseFips { get; set; }

    /// <summary>Uses the dual-stack (IPv4 and IPv6) endpoint.</summary>
    public bool UseDualStack { get; set; }

    /// <summary>
    /// How many times an invocation is attempted before its error is thrown. Default 3; 1 disables retries. Retries
    /// happen only before the stream is handed out, never after (a retry would run the function again).
    /// </summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>How long to wait for the response headers of one attempt. Default <see cref="DefaultStreamTimeout"/>.</summary>
    public TimeSpan ResponseHeadersTimeout { get; set; } = DefaultStreamTimeout;

    /// <summary>The longest gap allowed between two reads that return bytes of the stream. Default <see cref="DefaultStreamTimeout"/>.</summary>
    public TimeSpan IdleTimeout { get; set; } = DefaultStreamTimeout;

    /// <summary>
    /// The longest a whole invocation may take, from the first attempt to the end of the stream.
    /// Default <see cref="Timeout.InfiniteTimeSpan"/>.
    /// </summary>
    public TimeSpan TotalTimeout { get; set; } = Timeout.InfiniteTimeSpan;

    /// <summary>
    /// The largest record a decoder buffers, in bytes: a JSON or text line, a JSON array element, a server-sent event,
    /// the HTTP-integration prelude. A longer record throws <see cref="LambdaPayloadFormatException"/> (naming the
    /// limit, the format and the byte offset) as soon as it is known to be too long, so a function that never ends a
    /// record cannot make the client hold the whole response in memory. Default <see cref="DefaultMaxRecordBytes"/>;
    /// a call can set its own (<see cref="LambdaStreamingRequest.MaxRecordBytes"/>, <see cref="LambdaInvokeOptions.MaxRecordBytes"/>).
    /// Raw chunks and <see cref="LambdaResponseStream.AsStream"/> buffer nothing and are not limited.
    /// </summary>
    public int MaxRecordBytes { get; set; } = DefaultMaxRecordBytes;

    /// <summary>
    /// The JSON options used by the overloads that take no <c>JsonTypeInfo</c> (they use reflection; prefer a
    /// <c>JsonSerializerContext</c> for trimming and Native AOT). Default: <see cref="JsonSerializerDefaults.Web"/>.
    /// The client copies them at construction, adds the reflection resolver when they have none, and makes the copy
    /// read-only; the object given here is never changed.
    /// </summary>
    public JsonSerializerOptions JsonSerializerOptions { get; set; } = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Where the client writes its log events (category <see cref="LambdaStreamingDiagnostics.LoggerCategory"/>; README.md,
    /// "Observability", lists them with their ids). None when not set.
    /// </summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>
    /// How many bytes of each request payload and each received chunk to write to the log, at <see cref="LogLevel.Trace"/>.
    /// Default 0: payloads may hold personal data, so they are logged only when asked for.
    /// </summary>
    public int LogPayloadBytes { get; set; }

    /// <summary>
    /// Whether each request carries the current trace context to the function as an <c>X-Amzn-Trace-Id</c> header in
    /// X-Ray format (<c>Root=…;Parent=…;Sampled=…</c>), as the AWS SDKs propagate it. Default <see langword="true"/>;
    /// sent only when there is an activity to take it from.
    /// </summary>
    public bool PropagateTraceHeader { get; set; } = true;

    /// <summary>
    /// Checks these options as a client does when it is constructed.
    /// </summary>
    /// <exception cref="ArgumentException">A setting is out of range or conflicts with another; <see cref="ArgumentException.ParamName"/> names the property.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(JsonSerializerOptions, nameof(JsonSerializerOptions));
        RecordLimit.Validate(MaxRecordBytes, nameof(MaxRecordBytes));
        if (MaxAttempts < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxAttempts), MaxAttempts, "MaxAttempts must be at least 1 (1 disables retries).");
        }

        if (LogPayloadBytes < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(LogPayloadBytes), LogPayloadBytes, "LogPayloadBytes must be 0 (off) or positive.");
        }

        ValidateTimeout(ResponseHeadersTimeout, nameof(ResponseHeadersTimeout));
        ValidateTimeout(IdleTimeout, nameof(IdleTimeout));
        ValidateTimeout(TotalTimeout, nameof(TotalTimeout));
        // Checked here, not at first use: with a custom endpoint it is signed into the credential scope as it is.
        if (Region is not null && !LambdaEndpointResolver.IsRegionName(Region))
        {
            throw new ArgumentException(LambdaEndpointResolver.NotARegion(Region), nameof(Region));
        }

        if (ServiceUrl is not null && (UseFips || UseDualStack))
        {
            throw new ArgumentException("ServiceUrl is used verbatim; it cannot be combined with UseFips or UseDualStack.", nameof(ServiceUrl));
        }

        if (ProfilesLocation is not null && Profile is null)
        {
            throw new ArgumentException("ProfilesLocation names the file Profile is read from; set Profile too.", nameof(ProfilesLocation));
        }

        if (ServiceUrl is not null && !ServiceUrl.IsAbsoluteUri)
        {
            throw new ArgumentException($"ServiceUrl must be an absolute URL, such as http://127.0.0.1:9001/; '{ServiceUrl}' is relative.", nameof(ServiceUrl));
        }
    }

    /// <summary>A validated copy, taken once by a client so that later edits of this object cannot reach it.</summary>
    internal LambdaStreamingClientOptions Snapshot()
    {
        var copy = (LambdaStreamingClientOptions)MemberwiseClone();
        copy.Validate();
        copy.JsonSerializerOptions = Freeze(JsonSerializerOptions);
        return copy;
    }

    // As ASP.NET Core does for its JSON options: a copy, with the reflection resolver added only where reflection is
    // enabled (under Native AOT an empty resolver makes a missing JsonTypeInfo a clear NotSupportedException), frozen
    // so that no call mutates shared options while another serialises with them.
    private static JsonSerializerOptions Freeze(JsonSerializerOptions source)
    {
        var copy = new JsonSerializerOptions(source);
        copy.TypeInfoResolver ??= JsonSerializer.IsReflectionEnabledByDefault ? CreateReflectionResolver() : JsonTypeInfoResolver.Combine();
        copy.MakeReadOnly();
        return copy;
    }

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Used only when JsonSerializer.IsReflectionEnabledByDefault, which trimmed and AOT builds turn off.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Used only when JsonSerializer.IsReflectionEnabledByDefault, which AOT builds turn off.")]
    private static DefaultJsonTypeInfoResolver CreateReflectionResolver() => new();

    private static void ValidateTimeout(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero && value != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive or Timeout.InfiniteTimeSpan.");
        }
    }
}
