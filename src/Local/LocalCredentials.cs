namespace LambdaStreamGen.Local;

/// <summary>
/// A key pair the emulator accepts, and optionally the session token that must come with it (temporary credentials).
/// </summary>
/// <param name="AccessKeyId">The access key id named in the request's credential scope.</param>
/// <param name="SecretAccessKey">The secret the request must be signed with.</param>
/// <param name="SessionToken">When set, requests must carry it as <c>X-Amz-Security-Token</c>.</param>
public sealed record LocalCredentials(string AccessKeyId, string SecretAccessKey, string? SessionToken = null)
{
    /// <summary>
    /// The fixed test key pair the emulator accepts by default: access key <c>AKIALOCALLAMBDATEST1</c>, secret
    /// <c>local-lambda-streaming-test-secret</c>. It grants nothing anywhere else; point any AWS client at the emulator
    /// with it.
    /// </summary>
    public static LocalCredentials Test { get; } = new("AKIALOCALLAMBDATEST1", "local-lambda-streaming-test-secret");

    /// <summary>Describes the credentials without the secret or the session token.</summary>
    /// <returns>The access key id and whether a session token is required.</returns>
    public override string ToString() => $"LocalCredentials {{ AccessKeyId = {AccessKeyId}, SessionToken = {(SessionToken is null ? "none" : "required")} }}";
}
