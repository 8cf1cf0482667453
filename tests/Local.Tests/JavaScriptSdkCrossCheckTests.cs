using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LambdaStreamGen.Local.Tests.Support;
using LambdaStreamGen.TestSupport;

namespace LambdaStreamGen.Local.Tests;

/// <summary>
/// The AWS SDK for JavaScript's Lambda client (<c>@aws-sdk/client-lambda</c>, pinned by <c>node/package-lock.json</c>
/// and installed by the test run) is the reference client: where it and the emulator disagree, the emulator is wrong.
/// </summary>
public sealed class JavaScriptSdkCrossCheckTests
{
    private static readonly NodeJs Node = new(RepositoryPaths.InRepository("tests/Local.Tests/node"));

    [Theory]
    [InlineData(100, 1)]
    [InlineData(1_000_000, 37_117)]
    [InlineData(64 * 1024 * 1024, 1024 * 1024)]
    public async Task JavaScript_SDK_receives_byte_identical_payloads(int size, int writeSize)
    {
        byte[] data = new byte[size];
        new Random(size).NextBytes(data);
        await using LocalLambdaServer server = await Emulator.StartAsync(o => o.AddFunction("bytes", async (_, response, ct) =>
        {
            for (int offset = 0; offset < data.Length; offset += writeSize)
            {
                await response.WriteAsync(data.AsMemory(offset, Math.Min(writeSize, data.Length - offset)), ct);
                await response.FlushAsync(ct);
            }
        }));

        JsonElement result = await InvokeAsync(server, "bytes");

        Assert.Equal(200, result.GetProperty("statusCode").GetInt32());
        Assert.Equal("$LATEST", result.GetProperty("executedVersion").GetString());
        Assert.Equal(size, result.GetProperty("bytes").GetInt64());
        Assert.Equal(Convert.ToHexString(SHA256.HashData(data)), result.GetProperty("sha256").GetString(), ignoreCase: true);
        Assert.True(result.GetProperty("chunks").GetInt32() >= (size + (64 * 1024) - 1) / (64 * 1024));
        Assert.Equal(JsonValueKind.Object, result.GetProperty("invokeComplete").ValueKind);
    }

    [Fact]
    public async Task JavaScript_SDK_sees_the_InvokeComplete_error_of_a_throwing_handler()
    {
        await using LocalLambdaServer server = await Emulator.StartAsync(o => o.AddFunction("fails", async (_, response, ct) =>
        {
            await response.WriteLineAsync("partial", ct);
            await response.FlushAsync(ct);
            throw new InvalidOperationException("it broke");
        }));

        JsonElement result = await InvokeAsync(server, "fails");

        Assert.Equal(Convert.ToHexString(SHA256.HashData("partial\n"u8)), result.GetProperty("sha256").GetString(), ignoreCase: true);
        JsonElement complete = result.GetProperty("invokeComplete");
        Assert.Equal("Unhandled", complete.GetProperty("ErrorCode").GetString());
        using JsonDocument details = JsonDocument.Parse(complete.GetProperty("ErrorDetails").GetString()!);
        Assert.Equal("it broke", details.RootElement.GetProperty("errorMessage").GetString());
    }

    [Fact]
    public async Task JavaScript_SDK_gets_ResourceNotFoundException_for_an_unknown_function()
    {
        await using LocalLambdaServer server = await Emulator.StartAsync(o => o.AddFunction("known", Emulator.EchoLines).WithRawPayloads());

        JsonElement error = (await InvokeAsync(server, "missing")).GetProperty("error");

        Assert.Equal("ResourceNotFoundException", error.GetProperty("name").GetString());
        Assert.Equal(404, error.GetProperty("status").GetInt32());
        Assert.Contains("function:missing", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task JavaScript_SDK_signing_with_the_wrong_secret_is_rejected_with_403()
    {
        int runs = 0;
        await using LocalLambdaServer server = await Emulator.StartAsync(o => o.AddFunction("f", (_, _, _) =>
        {
            Interlocked.Increment(ref runs);
            return Task.CompletedTask;
        }));

        JsonElement error = (await InvokeAsync(server, "f", secret: "wrong-secret")).GetProperty("error");

        Assert.Equal("InvalidSignatureException", error.GetProperty("name").GetString());
        Assert.Equal(403, error.GetProperty("status").GetInt32());
        Assert.Equal(0, runs);
    }

    [Fact]
    public async Task JavaScript_SDK_signature_is_accepted_for_ARNs_with_qualifiers_and_payloads()
    {
        await using LocalLambdaServer server = await Emulator.StartAsync(o => o.AddFunction("echo", Emulator.EchoLines).WithRawPayloads().WithAlias("live", "3"));

        JsonElement result = await InvokeAsync(server, "arn:aws:lambda:us-east-1:123456789012:function:echo:live", "a b+c/d?e=f\nsecond line é");

        Assert.Equal("3", result.GetProperty("executedVersion").GetString());
        Assert.Equal(Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes("a b+c/d?e=f\nsecond line é\n"))), result.GetProperty("sha256").GetString(), ignoreCase: true);
    }

    private static async Task<JsonElement> InvokeAsync(LocalLambdaServer server, string functionName, string payload = "", string? secret = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["AWS_ACCESS_KEY_ID"] = LocalCredentials.Test.AccessKeyId,
            ["AWS_SECRET_ACCESS_KEY"] = secret ?? LocalCredentials.Test.SecretAccessKey,
            ["AWS_REGION"] = server.Options.Region,
            ["AWS_SESSION_TOKEN"] = string.Empty,
            ["AWS_PROFILE"] = string.Empty,
            ["NODE_NO_WARNINGS"] = "1",
        };
        string output = await Node.RunScriptAsync("invoke-with-js-sdk.mjs", [server.Endpoint.ToString().TrimEnd('/'), functionName, payload], environment: environment);
        return JsonDocument.Parse(output).RootElement.Clone();
    }
}
