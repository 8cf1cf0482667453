using System.Text;
using LambdaStreamGen.Tests.EventStreams;
using LambdaStreamGen.Tests.Support;

namespace LambdaStreamGen.Tests.Invocation;

/// <summary>
/// Lambda response bodies assembled from the repository's own vectors (each message encoded by the JavaScript SDK's
/// codec), served as the HTTP body of a 200 response over real loopback HTTP, in one piece and in 7-byte pieces: each
/// produces the outcome docs/protocol.md describes for it.
/// </summary>
public sealed class RepositoryLambdaBodyTests(RepositoryVectors vectors) : IClassFixture<RepositoryVectors>
{
    public static TheoryData<string, int> Bodies
    {
        get
        {
            var data = new TheoryData<string, int>();
            foreach (string body in new[] { "success", "success_with_unknown_event", "empty_success", "missing_invoke_complete", "function_error", "exception_message", "error_message" })
            {
                data.Add(body, int.MaxValue);
                data.Add(body, 7);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task Lambda_body_produces_its_outcome(string body, int pieceSize)
    {
        string[] messages = body switch
        {
            "success" => ["lambda_payload_chunk", "lambda_payload_chunk_rest", "lambda_invoke_complete"],
            "success_with_unknown_event" => ["lambda_payload_chunk", "lambda_unknown_event", "lambda_payload_chunk_rest", "lambda_invoke_complete"],
            "empty_success" => ["lambda_invoke_complete"],
            "missing_invoke_complete" => ["lambda_payload_chunk", "lambda_payload_chunk_rest"],
            "function_error" => ["lambda_payload_chunk", "lambda_invoke_complete_with_error"],
            "exception_message" => ["lambda_payload_chunk", "lambda_exception_message"],
            _ => ["lambda_payload_chunk", "lambda_error_message"],
        };
        byte[] bytes = [.. messages.SelectMany(name => vectors.ByName[name].Encoded)];
        string expectedPayload = string.Concat(messages.Where(m => m.StartsWith("lambda_payload_chunk", StringComparison.Ordinal)).Select(m => Encoding.UTF8.GetString(vectors.ByName[m].Payload)));

        await using ScriptedServer server = await ScriptedServer.ServingAsync(bytes, pieceSize);
        using var client = new LambdaStreamingClient(server.ClientOptions());
        await using LambdaResponseStream response = await client.InvokeAsync(new LambdaStreamingRequest("vectors"));
        (string payload, LambdaStreamingException? failure) = await ResponseOutcome.ReadAsync(response);

        Assert.Equal(expectedPayload, payload);
        Assert.Equal(body.Contains("success", StringComparison.Ordinal), response.IsCompleted);
        switch (body)
        {
            case "success" or "success_with_unknown_event" or "empty_success":
                Assert.Null(failure);
                break;
            case "missing_invoke_complete":
                var truncated = Assert.IsType<LambdaStreamTruncatedException>(failure);
                Assert.Equal(2, truncated.ChunksReceived);
                break;
            case "function_error":
                var function = Assert.IsType<LambdaFunctionException>(failure);
                Assert.Equal("Unhandled", function.ErrorCode);
                Assert.Equal("Error", function.ErrorType);
                Assert.Equal("boom", function.ErrorMessage);
                Assert.Equal("log tail", function.LogResult);
                break;
            case "exception_message":
                var exceptionMessage = Assert.IsType<LambdaStreamErrorException>(failure);
                Assert.Equal(LambdaStreamErrorKind.Exception, exceptionMessage.Kind);
                Assert.Equal("ServiceException", exceptionMessage.Code);
                Assert.Equal("the service failed", exceptionMessage.ErrorMessage);
                break;
            default:
                var errorMessage = Assert.IsType<LambdaStreamErrorException>(failure);
                Assert.Equal(LambdaStreamErrorKind.Error, errorMessage.Kind);
                Assert.Equal("InternalFailure", errorMessage.Code);
                Assert.Equal("an unmodeled failure", errorMessage.ErrorMessage);
                break;
        }

        Assert.Equal(failure is null ? null : "vectors", failure?.FunctionName);
        Assert.Equal(failure is null ? null : ScriptedServer.RequestId, failure?.RequestId);
    }
}
