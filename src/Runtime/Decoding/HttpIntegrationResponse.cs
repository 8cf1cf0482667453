namespace LambdaStreamGen.Decoding;

/// <summary>
/// The prelude of an <c>application/vnd.awslambda.http-integration-response</c> stream: the HTTP status, headers
/// and cookies a function behind a function URL or API gateway chose, sent before the body.
/// </summary>
/// <param name="StatusCode">The <c>statusCode</c>; 200 when the prelude names none.</param>
/// <param name="Headers">The <c>headers</c> object.</param>
/// <param name="Cookies">The <c>cookies</c> array.</param>
public sealed record HttpIntegrationResponse(int StatusCode, IReadOnlyDictionary<string, string> Headers, IReadOnlyList<string> Cookies);
