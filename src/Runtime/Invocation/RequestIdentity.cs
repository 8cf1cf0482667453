namespace LambdaStreamGen.Invocation;

/// <summary>
/// What every request says about itself, as the AWS SDKs do (docs/protocol.md §1): <c>amz-sdk-invocation-id</c>, one
/// UUID for all attempts of a call; <c>amz-sdk-request</c>, the attempt and the limit; and a <c>User-Agent</c> naming
/// this library, its version, the runtime and the OS. They let CloudTrail, access logs and AWS support tell one call
/// (and this library's calls) from another. None is signed: AWSSDK.Core's signer signs host, content-type and the
/// x-amz-* headers, and the SDKs never sign the user agent, which proxies may rewrite.
/// </summary>
internal static class RequestIdentity
{
    public const string InvocationIdHeader = "amz-sdk-invocation-id";
    public const string RequestHeader = "amz-sdk-request";

    /// <summary>This library's product token and metadata, as in <c>lambdastreamgen/0.1.0 lang/dotnet#10.0.0 os/linux</c>.</summary>
    public static string UserAgent { get; } =
        $"lambdastreamgen/{typeof(RequestIdentity).Assembly.GetName().Version?.ToString(3) ?? "0.0.0"} lang/dotnet#{Environment.Version} os/{OperatingSystemName()}";

    /// <summary>The <c>amz-sdk-request</c> value of one attempt.</summary>
    public static string Attempt(int attempt, int maxAttempts) => $"attempt={attempt}; max={maxAttempts}";

    /// <summary>The user agent to send: the caller's own first, when it set one, then this library's.</summary>
    public static string UserAgentAfter(string? callerUserAgent) => callerUserAgent is { Length: > 0 } ? callerUserAgent + " " + UserAgent : UserAgent;

    private static string OperatingSystemName() =>
        OperatingSystem.IsLinux() ? "linux" : OperatingSystem.IsWindows() ? "windows" : OperatingSystem.IsMacOS() ? "macos" : "other";
}
