using System.Reflection;

namespace LambdaStreamGen.Tests.Invocation;

public sealed class OwnedHttpClientTests
{
    [Fact]
    public void Client_that_owns_its_HttpClient_never_lets_HttpClient_Timeout_cut_a_stream()
    {
        using var client = new LambdaStreamingClient(new LambdaStreamingClientOptions { Region = "eu-west-1" });

        // HttpClient's default 100-second timeout would cut a function that is slow to start streaming.
        var http = (HttpClient)typeof(LambdaStreamingClient).GetField("_http", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(client)!;

        Assert.Equal(Timeout.InfiniteTimeSpan, http.Timeout);
        Assert.Equal(new Uri("https://lambda.eu-west-1.amazonaws.com/"), client.Endpoint);
    }
}
