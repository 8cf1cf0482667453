using System.Text;
using System.Text.Json;
using LambdaStreamGen.Tests.Support;
using LambdaStreamGen.TestSupport;

namespace LambdaStreamGen.Tests.Invocation;

/// <summary>
/// Every upstream <c>shared/conformance/eventstream/lambda</c> body, served as the HTTP body of a 200 response over real
/// loopback HTTP (in one piece and in 7-byte pieces), produces the outcome its <c>.json</c> describes. Skipped, with
/// the reason, where the folder is absent; <see cref="RepositoryLambdaBodyTests"/> need nothing outside the repository.
/// </summary>
public sealed class LambdaConformanceBodyTests
{
    public static TheoryData<string, int> Bodies
    {
        get
        {
            var data = new TheoryData<string, int>();
            if (RepositoryPaths.UpstreamEventStreamConformance is not { } root)
            {
                return data;
            }

            foreach (string file in Directory.GetFiles(Path.Combine(root, "lambda"), "*.bin").Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetFileNameWithoutExtension(file), int.MaxValue);
                data.Add(Path.GetFileNameWithoutExtension(file), 7);
            }

            return data;
        }
    }

    [UpstreamVectorsTheory]
    [MemberData(nameof(Bodies))]
    public async Task Lambda_body_produces_its_expected_outcome(string name, int pieceSize)
    {
        string folder = Path.Combine(RepositoryPaths.UpstreamEventStreamConformance!, "lambda");
        byte[] body = await File.ReadAllBytesAsync(Path.Combine(folder, name + ".bin"));
        using JsonDocument document = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, name + ".json")));
        JsonElement expected = document.RootElement.GetProperty("expected");
        await using ScriptedServer server = await ScriptedServer.ServingAsync(body, pieceSize);
        using var client = new LambdaStreamingClient(server.ClientOptions());

        await using LambdaResponseStream response = await client.InvokeAsync(new LambdaStreamingRequest("conformance"));
        (string payload, Exception? failure) = await ResponseOutcome.ReadAsync(response);

        Assert.Equal(expected.GetProperty("payload_utf8").GetString(), payload);
        switch (expected.GetProperty("outcome").GetString())
        {
            case "success":
                Assert.Null(failure);
                Assert.True(response.IsCompleted);
                break;
            case "incomplete":
                Assert.IsType<LambdaStreamTruncatedException>(failure);
                Assert.False(response.IsCompleted);
                break;
            case "function_error":
                var function = Assert.IsType<LambdaFunctionException>(failure);
                Assert.Equal(expected.GetProperty("error_code").GetString(), function.ErrorCode);
                Assert.Equal(expected.GetProperty("error_details").GetString(), function.ErrorDetails);
                Assert.Equal(expected.GetProperty("log_result_base64").GetString(), response.InvokeComplete!.LogResult);
                Assert.Equal(Encoding.UTF8.GetString(Convert.FromBase64String(expected.GetProperty("log_result_base64").GetString()!)), function.LogResult);
                Assert.Equal(ScriptedServer.RequestId, function.RequestId);
                break;
            case "stream_error":
                var stream = Assert.IsType<LambdaStreamErrorException>(failure);
                Assert.Equal(expected.GetProperty("error_code").GetString(), stream.Code);
                Assert.Equal(expected.GetProperty("error_message").GetString(), stream.ErrorMessage);
                break;
            default:
                Assert.Fail($"Unknown outcome in {name}.json.");
                break;
        }
    }
}
