using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;

namespace LambdaStreamGen.Invocation;

/// <summary>
/// Signs each attempt with AWSSDK.Core's SigV4 signer, service <c>lambda</c> (docs/protocol.md §1): exactly the URI,
/// headers and body that go out, with a fresh date every attempt and the session token of temporary credentials.
/// </summary>
internal sealed class RequestSigner(AWSCredentials credentials, string region)
{
    private readonly RegionEndpoint _region = RegionEndpoint.GetBySystemName(region);

    public async Task SignAsync(HttpRequestMessage message, byte[] body, CancellationToken cancellationToken)
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

        var parameters = new AWSSigV4Parameters { Credentials = credentials, Region = _region, Service = "lambda" };
        AWSSigningResult result = await AWSSigV4Signer.SignAsync(signing, parameters, cancellationToken).ConfigureAwait(false);
        foreach (var header in result.Headers)
        {
            message.Headers.Remove(header.Key);
            message.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
    }
}
