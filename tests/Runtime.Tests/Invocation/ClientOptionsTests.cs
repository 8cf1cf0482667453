using System.Text.Json;
using LambdaStreamGen.EventStreams;
using LambdaStreamGen.Local;
using LambdaStreamGen.Tests.Support;

namespace LambdaStreamGen.Tests.Invocation;

/// <summary>
/// The client's options are taken once, validated, at construction; JSON options are copied and frozen; the record
/// limit reaches every decoder of a response, per client and per call; every failure names its invocation.
/// </summary>
public sealed class ClientOptionsTests
{
    [Fact]
    public async Task Edits_to_the_options_after_construction_do_not_reach_the_client()
    {
        await using var fixture = await ClientFixture.StartAsync(o => o.AddFunction("echo", ClientFixture.EchoLines).WithRawPayloads());
        LambdaStreamingClientOptions options = fixture.Server.CreateClientOptions();
        using var client = new LambdaStreamingClient(options);

        // Invalid or misdirecting values set afterwards: neither thrown nor used.
        options.ServiceUrl = new Uri("http://127.0.0.1:9/");
        options.MaxAttempts = 0;
        options.MaxRecordBytes = -1;
        options.Credentials = new Amazon.Runtime.BasicAWSCredentials("AKIDWRONG", "wrong");

        await using LambdaResponseStream response = await client.InvokeAsync(new LambdaStreamingRequest("echo").WithTextPayload("a\nb"));
        Assert.Equal(["a", "b"], await Collect(response.ReadTextLinesAsync()));
        Assert.Equal(fixture.Server.Endpoint.AbsoluteUri, client.Endpoint.AbsoluteUri);
        Assert.Equal(LambdaStreamingClientOptions.DefaultMaxRecordBytes, response.MaxRecordBytes);
    }

    [Theory]
    [InlineData(nameof(LambdaStreamingClientOptions.MaxRecordBytes))]
    [InlineData(nameof(LambdaStreamingClientOptions.MaxAttempts))]
    [InlineData(nameof(LambdaStreamingClientOptions.JsonSerializerOptions))]
    public void Invalid_options_are_refused_at_construction_naming_the_option(string option)
    {
        var options = new LambdaStreamingClientOptions { Region = "eu-west-1" };
        switch (option)
        {
            case nameof(LambdaStreamingClientOptions.MaxRecordBytes):
                options.MaxRecordBytes = 0;
                break;
            case nameof(LambdaStreamingClientOptions.MaxAttempts):
                options.MaxAttempts = 0;
                break;
            default:
                options.JsonSerializerOptions = null!;
                break;
        }

        var exception = Assert.ThrowsAny<ArgumentException>(() => new LambdaStreamingClient(options));
        Assert.Equal(option, exception.ParamName);
    }

    [Fact]
    public async Task Reflection_JSON_works_on_a_fresh_client_and_leaves_the_callers_options_untouched()
    {
        var json = new JsonSerializerOptions { PropertyNameCaseInsensitive = true };
        await using var fixture = await ClientFixture.StartAsync(
            o => o.AddFunction("rows", ClientFixture.EchoLines).WithRawPayloads(),
            client => client.JsonSerializerOptions = json);

        await using LambdaResponseStream response = await fixture.Client.InvokeAsync(
            new LambdaStreamingRequest("rows").WithTextPayload("{\"ID\":1,\"NAME\":\"a\",\"SCORE\":2}\n{\"id\":2,\"name\":\"b\",\"score\":3}"));
#pragma warning disable IL2026, IL3050 // The reflection overload is the one under test.
        List<Row> rows = await Collect(response.ReadJsonLinesAsync<Row>());
#pragma warning restore IL2026, IL3050

        Assert.Equal([new Row(1, "a", 2), new Row(2, "b", 3)], rows);
        Assert.Null(json.TypeInfoResolver);
        Assert.False(json.IsReadOnly);
        Assert.True(fixture.Client.JsonSerializerOptions.IsReadOnly);
        Assert.NotSame(json, fixture.Client.JsonSerializerOptions);
        Assert.True(fixture.Client.JsonSerializerOptions.PropertyNameCaseInsensitive);
    }

    [Fact]
    public async Task A_line_over_the_calls_limit_fails_early_over_HTTP_without_reading_the_rest()
    {
        const int Limit = 64 * 1024;
        const long StreamBytes = 256L * 1024 * 1024;
        await using var fixture = await ClientFixture.StartAsync(o => o.AddFunction("endless", async (_, response, ct) =>
        {
            byte[] block = new byte[32 * 1024];
            Array.Fill(block, (byte)'x');
            for (long sent = 0; sent < StreamBytes; sent += block.Length)
            {
                await response.WriteAsync(block, ct);
                await response.FlushAsync(ct);
            }
        }));

        var request = new LambdaStreamingRequest("endless") { MaxRecordBytes = Limit };
        await using LambdaResponseStream response = await fixture.Client.InvokeAsync(request);
        (List<string> lines, LambdaPayloadFormatException error) = await Decoding.RecordDeliveryTests.CollectUntilError(response.ReadTextLinesAsync());

        Assert.Empty(lines);
        Assert.Equal(StreamFormat.TextLines, error.Format);
        Assert.Equal(0, error.ByteOffset);
        Assert.Contains("MaxRecordBytes (65,536 bytes)", error.Message, StringComparison.Ordinal);
        Assert.Equal("endless", error.FunctionName);
        Assert.Equal(response.RequestId, error.RequestId);
        Assert.True(response.PayloadBytesReceived <= Limit + (32 * 1024), $"{response.PayloadBytesReceived} payload bytes were read");
    }

    [Fact]
    public void The_per_call_limit_of_a_generated_method_reaches_the_request()
    {
        LambdaStreamingRequest request = GeneratedClientSupport.CreateRequest("fn", null, new LambdaInvokeOptions { MaxRecordBytes = 123 });

        Assert.Equal(123, request.MaxRecordBytes);
        Assert.Throws<ArgumentOutOfRangeException>(() => new LambdaStreamingRequest("fn") { MaxRecordBytes = 0 });
    }

    [Fact]
    public async Task A_framing_error_names_the_function_and_request_from_the_base_exception()
    {
        await using var fixture = await ClientFixture.StartAsync(o => o.AddFunction("echo", ClientFixture.EchoLines).WithRawPayloads().InjectFault(LocalFault.CorruptMessageCrc(0)));

        await using LambdaResponseStream response = await fixture.Client.InvokeAsync(new LambdaStreamingRequest("echo").WithTextPayload("abc"));
        LambdaStreamingException exception = await Assert.ThrowsAsync<EventStreamFormatException>(async () => await Collect(response.ReadTextLinesAsync()));

        Assert.Equal("echo", exception.FunctionName);
        Assert.NotNull(exception.RequestId);
        Assert.Equal(response.RequestId, exception.RequestId);
    }

    private static async Task<List<T>> Collect<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (T item in items)
        {
            list.Add(item);
        }

        return list;
    }
}
