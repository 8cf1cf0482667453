using System.Reflection;
using LambdaStreamGen.Invocation;

namespace LambdaStreamGen.Tests.Invocation;

public sealed class OwnedHttpClientTests
{
    [Fact]
    public void Client_that_owns_its_HTTP_stack_has_no_stack_timeout_that_could_cut_a_stream()
    {
        using var client = new LambdaStreamingClient(new LambdaStreamingClientOptions { Region = "eu-west-1" });

        // HttpClient's default 100-second timeout would cut a function that is slow to start streaming: the client's
        // own stack sends through a bare invoker, which has none, and the client's own timeouts apply instead.
        var transport = (HttpTransport)typeof(LambdaStreamingClient).GetField("_http", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(client)!;

        Assert.Null(transport.StackTimeout);
        Assert.Equal(new Uri("https://lambda.eu-west-1.amazonaws.com/"), client.Endpoint);
    }
}
