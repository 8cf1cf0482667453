using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace LambdaStreamGen.Invocation;

/// <summary>Reads a non-2xx response as the restJson1 error it is (docs/protocol.md §2.4).</summary>
internal static class ServiceErrorReader
{
    // An error body is small; anything beyond this is not read (it would only be echoed into a message).
    private const int MaxBodyBytes = 64 * 1024;

    public static async Task<ServiceError> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string? code = null;
        string? message = null;
        string? reason = null;
        string? type = null;
        string? ec2ErrorCode = null;
        byte[] body = await ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
        if (body.Length > 0 && !System.Text.Unicode.Utf8.IsValid(body))
        {
            // Not text JSON could hold (reading its strings would throw); shown as it came.
            message = System.Text.Encoding.UTF8.GetString(body);
        }
        else if (body.Length > 0)
        {
            try
            {
                using JsonDocument document = JsonDocument.Parse(body);
                if (document.RootElement.ValueKind == JsonValueKind.Object)
                {
                    JsonElement root = document.RootElement;
                    code = GetString(root, "code") ?? GetString(root, "__type");
                    message = GetString(root, "message") ?? GetString(root, "Message");
                    reason = GetString(root, "Reason");
                    type = GetString(root, "Type");
                    ec2ErrorCode = GetString(root, "EC2ErrorCode");
                }
            }
            catch (JsonException)
            {
                message = System.Text.Encoding.UTF8.GetString(body);
            }
        }

        if (response.Headers.TryGetValues("X-Amzn-ErrorType", out IEnumerable<string>? values))
        {
            code = values.FirstOrDefault() ?? code;
        }

        return new ServiceError(
            response.StatusCode,
            Sanitize(code) ?? $"Http{(int)response.StatusCode}",
            Redact(message ?? response.ReasonPhrase ?? "(no message)", response.RequestMessage),
            RequestId(response),
            Redact(type, response.RequestMessage),
            Redact(reason, response.RequestMessage),
            Redact(ec2ErrorCode, response.RequestMessage),
            RetryAfter(response),
            response.Headers.Date);
    }

    /// <summary>
    /// Removes the request's signature and session token from text the server sent back: an endpoint or a proxy that
    /// echoes request headers into its error body must not put them into an exception message or a log.
    /// </summary>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(text))]
    internal static string? Redact(string? text, HttpRequestMessage? request)
    {
        if (text is null || request is null)
        {
            return text;
        }

        foreach (string secret in SentSecrets(request))
        {
            // Short values could match ordinary words; real signatures (64 hex) and tokens are long.
            if (secret.Length >= 16)
            {
                text = text.Replace(secret, "[redacted]", StringComparison.Ordinal);
            }
        }

        return text;
    }

    private static IEnumerable<string> SentSecrets(HttpRequestMessage request)
    {
        if (request.Headers.TryGetValues("X-Amz-Security-Token", out IEnumerable<string>? tokens))
        {
            foreach (string token in tokens)
            {
                yield return token;
            }
        }

        if (request.Headers.TryGetValues("Authorization", out IEnumerable<string>? authorizations))
        {
            foreach (string authorization in authorizations)
            {
                // The whole header first (it names the signature), then the signature alone for partial echoes.
                yield return authorization;
                const string Marker = "Signature=";
                int at = authorization.IndexOf(Marker, StringComparison.Ordinal);
                if (at >= 0)
                {
                    yield return authorization[(at + Marker.Length)..].Split(',')[0].Trim();
                }
            }
        }
    }

    public static string? RequestId(HttpResponseMessage response) =>
        response.Headers.TryGetValues("x-amzn-RequestId", out IEnumerable<string>? values) ? values.FirstOrDefault() : null;

    // docs/protocol.md §2.4: drop everything from the first ':'; keep what follows a '#'; JS also drops from the first ','.
    internal static string? Sanitize(string? code)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return null;
        }

        int colon = code.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            code = code[..colon];
        }

        int comma = code.IndexOf(',', StringComparison.Ordinal);
        if (comma >= 0)
        {
            code = code[..comma];
        }

        int hash = code.IndexOf('#', StringComparison.Ordinal);
        return (hash >= 0 ? code[(hash + 1)..] : code).Trim();
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        // x-amz-retry-after is in milliseconds (botocore standard.py); Retry-After in seconds or an HTTP date.
        if (response.Headers.TryGetValues("x-amz-retry-after", out IEnumerable<string>? values)
            && long.TryParse(values.FirstOrDefault(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long milliseconds)
            && milliseconds <= (long)TimeSpan.FromDays(1).TotalMilliseconds)
        {
            return TimeSpan.FromMilliseconds(milliseconds);
        }

        if (response.Headers.RetryAfter is not { } retryAfter)
        {
            return null;
        }

        if (retryAfter.Delta is { } delta)
        {
            return delta;
        }

        return retryAfter.Date is { } date ? (date - DateTimeOffset.UtcNow) is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero : null;
    }

    private static async Task<byte[]> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        Stream stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using ConfiguredAsyncDisposable _ = stream.ConfigureAwait(false);
        byte[] buffer = new byte[MaxBodyBytes];
        int total = 0;
        int read;
        while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false)) > 0)
        {
            total += read;
        }

        return buffer.AsSpan(0, total).ToArray();
    }

    private static string? GetString(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
