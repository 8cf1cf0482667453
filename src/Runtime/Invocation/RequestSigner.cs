using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;

namespace LambdaStreamGen.Invocation;

/// <summary>
/// Signs each attempt with AWSSDK.Core's SigV4 signer, service <c>lambda</c> (docs/protocol.md §1): exactly the URI,
/// headers and body that go out, with a fresh date every attempt (corrected for a known clock skew) and the session
/// token of temporary credentials.
/// </summary>
internal static class RequestSigner
{
    public static async Task SignAsync(HttpRequestMessage message, byte[] body, AWSCredentials credentials, RegionEndpoint region, DateTime signedAt, CancellationToken cancellationToken)
    {
        var signing = new AWSSigningRequest
        {
            HttpMethod = message.Method,
            RequestUri = message.RequestUri!,
            Content = body,
        };
        foreach (var header in message.Headers)
        {
            signing.Headers[header.Key] = string.Join(",", header.Value);
        }

        if (message.Content is not null)
        {
            foreach (var header in message.Content.Headers)
            {
                signing.Headers[header.Key] = string.Join(",", header.Value);
            }
        }

        var parameters = new AWSSigV4Parameters { Credentials = credentials, Region = region, Service = "lambda", SignedAt = signedAt };
        AWSSigningResult result = await AWSSigV4Signer.SignAsync(signing, parameters, cancellationToken).ConfigureAwait(false);
        foreach (var header in result.Headers)
        {
            message.Headers.Remove(header.Key);
            message.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
    }
}
