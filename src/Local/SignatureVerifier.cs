using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Auth;
using Microsoft.AspNetCore.Http;

namespace LambdaStreamGen.Local;

/// <summary>
/// Verifies a request's SigV4 signature the way Lambda does: credential scope, clock skew, payload hash and the
/// signature itself, recomputed over the request as received. The canonical request is built here from the raw
/// request target (so that this code, not the client's, decides what was signed); the string to sign and the HMAC
/// chain come from AWSSDK.Core's signer.
/// </summary>
internal sealed class SignatureVerifier(LocalLambdaServerOptions options)
{
    private const string Algorithm = "AWS4-HMAC-SHA256";
    private const string Service = "lambda";

    /// <summary>Checks the request; returns the error to answer with, or <see langword="null"/> when the signature holds.</summary>
    public LambdaErrorResponse? Verify(HttpRequest request, string rawTarget, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        string? authorization = request.Headers.Authorization;
        if (string.IsNullOrEmpty(authorization))
        {
            return LambdaErrorResponse.MissingAuthenticationToken();
        }

        if (!TryParseAuthorization(authorization, out string accessKey, out string[] scope, out string[] signedHeaders, out string signature))
        {
            return LambdaErrorResponse.InvalidSignature($"Authorization header requires '{Algorithm} Credential=..., SignedHeaders=..., Signature=...'.");
        }

        LocalCredentials? credentials = options.Credentials.FirstOrDefault(c => string.Equals(c.AccessKeyId, accessKey, StringComparison.Ordinal));
        if (credentials is null)
        {
            return LambdaErrorResponse.UnrecognizedClient();
        }

        string? amzDate = request.Headers["X-Amz-Date"];
        if (!DateTime.TryParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out DateTime signedAt))
        {
            return LambdaErrorResponse.InvalidSignature("The request must carry an X-Amz-Date header in the form yyyyMMddTHHmmssZ.");
        }

        if (scope.Length != 4 || scope[0] != amzDate![..8] || scope[3] != "aws4_request")
        {
            return LambdaErrorResponse.InvalidSignature($"Credential should be scoped to a valid date and end in aws4_request: '{string.Join('/', scope)}'.");
        }

        if (scope[1] != options.Region)
        {
            return LambdaErrorResponse.InvalidSignature($"Credential should be scoped to a valid region, not '{scope[1]}'; this endpoint is '{options.Region}'.");
        }

        if (scope[2] != Service)
        {
            return LambdaErrorResponse.InvalidSignature($"Credential should be scoped to correct service: '{Service}', not '{scope[2]}'.");
        }

        TimeSpan skew = (now.UtcDateTime - signedAt).Duration();
        if (skew > options.MaxClockSkew)
        {
            return LambdaErrorResponse.InvalidSignature(
                $"Signature expired: {amzDate} is more than {options.MaxClockSkew.TotalMinutes.ToString(CultureInfo.InvariantCulture)} minutes from the server time {now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}.");
        }

        if (!signedHeaders.Contains("host") || !signedHeaders.Contains("x-amz-date"))
        {
            return LambdaErrorResponse.InvalidSignature("The signed headers must include host and x-amz-date.");
        }

        if (credentials.SessionToken is not null && !string.Equals(request.Headers["X-Amz-Security-Token"], credentials.SessionToken, StringComparison.Ordinal))
        {
            return LambdaErrorResponse.UnrecognizedClient();
        }

        string payloadHash = Convert.ToHexString(SHA256.HashData(body)).ToLowerInvariant();
        string? declaredHash = request.Headers["X-Amz-Content-Sha256"];
        if (declaredHash is not null && !string.Equals(declaredHash, payloadHash, StringComparison.OrdinalIgnoreCase))
        {
            return LambdaErrorResponse.InvalidSignature("The X-Amz-Content-Sha256 header does not match the SHA-256 of the request body.");
        }

        string canonicalRequest = BuildCanonicalRequest(request, rawTarget, signedHeaders, payloadHash);
        var immutable = new ImmutableCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken);
        string expected = AWS4Signer.ComputeSignature(immutable, options.Region, signedAt, Service, string.Join(';', signedHeaders), canonicalRequest).Signature;
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature)))
        {
            return LambdaErrorResponse.InvalidSignature(
                "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.");
        }

        return null;
    }

    private static bool TryParseAuthorization(string authorization, out string accessKey, out string[] scope, out string[] signedHeaders, out string signature)
    {
        accessKey = string.Empty;
        scope = [];
        signedHeaders = [];
        signature = string.Empty;
        if (!authorization.StartsWith(Algorithm + " ", StringComparison.Ordinal))
        {
            return false;
        }

        string? credential = null;
        foreach (string part in authorization[(Algorithm.Length + 1)..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                return false;
            }

            string value = part[(equals + 1)..];
            switch (part[..equals])
            {
                case "Credential":
                    credential = value;
                    break;
                case "SignedHeaders":
                    signedHeaders = value.Split(';');
                    break;
                case "Signature":
                    signature = value;
                    break;
            }
        }

        if (credential is null || signedHeaders.Length == 0 || signature.Length == 0)
        {
            return false;
        }

        string[] credentialParts = credential.Split('/');
        accessKey = credentialParts[0];
        scope = credentialParts[1..];
        return accessKey.Length > 0;
    }

    // docs/protocol.md §1: the canonical URI of a non-S3 service is the path as sent, each segment URI-encoded once more.
    private static string BuildCanonicalRequest(HttpRequest request, string rawTarget, string[] signedHeaders, string payloadHash)
    {
        int queryStart = rawTarget.IndexOf('?', StringComparison.Ordinal);
        string rawPath = queryStart < 0 ? rawTarget : rawTarget[..queryStart];
        string rawQuery = queryStart < 0 ? string.Empty : rawTarget[(queryStart + 1)..];

        var canonical = new StringBuilder();
        canonical.Append(request.Method).Append('\n');
        canonical.Append(string.Join('/', rawPath.Split('/').Select(Escape))).Append('\n');
        canonical.Append(CanonicalQuery(rawQuery)).Append('\n');
        foreach (string name in signedHeaders)
        {
            string value = string.Join(',', request.Headers[name].Select(v => CollapseSpaces(v ?? string.Empty)));
            canonical.Append(name).Append(':').Append(value).Append('\n');
        }

        canonical.Append('\n').Append(string.Join(';', signedHeaders)).Append('\n').Append(payloadHash);
        return canonical.ToString();
    }

    private static string CanonicalQuery(string rawQuery)
    {
        if (rawQuery.Length == 0)
        {
            return string.Empty;
        }

        return string.Join('&', rawQuery
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair =>
            {
                int equals = pair.IndexOf('=', StringComparison.Ordinal);
                string key = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
                string value = equals < 0 ? string.Empty : Uri.UnescapeDataString(pair[(equals + 1)..]);
                return (Key: Escape(key), Value: Escape(value));
            })
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => p.Key + "=" + p.Value));
    }

    // RFC 3986 unreserved characters stay; every other byte of the UTF-8 form becomes %XX (upper-case hex).
    private static string Escape(string value)
    {
        var escaped = new StringBuilder(value.Length);
        foreach (byte b in Encoding.UTF8.GetBytes(value))
        {
            if (char.IsAsciiLetterOrDigit((char)b) || b is (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~')
            {
                escaped.Append((char)b);
            }
            else
            {
                escaped.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return escaped.ToString();
    }

    private static string CollapseSpaces(string value) => string.Join(' ', value.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
