using Amazon.Runtime;

namespace LambdaStreamGen.Tests.Invocation;

/// <summary>
/// The endpoint a client calls, for every partition and every FIPS and dual-stack combination, custom endpoints and
/// the configurations the rules refuse. The expectations are the facts of Lambda's endpoint rule set and partition
/// table as docs/protocol.md §1 states them, checked through the public client.
/// </summary>
public sealed class EndpointRuleTests
{
    // partition, a region of it, DNS suffix, dual-stack DNS suffix (docs/protocol.md §1).
    private static readonly (string Partition, string Region, string DnsSuffix, string DualStackSuffix)[] Partitions =
    [
        ("aws", "eu-west-1", "amazonaws.com", "api.aws"),
        ("aws", "mx-central-1", "amazonaws.com", "api.aws"),
        ("aws-cn", "cn-north-1", "amazonaws.com.cn", "api.amazonwebservices.com.cn"),
        ("aws-us-gov", "us-gov-west-1", "amazonaws.com", "api.aws"),
        ("aws-iso", "us-iso-east-1", "c2s.ic.gov", "api.aws.ic.gov"),
        ("aws-iso-b", "us-isob-east-1", "sc2s.sgov.gov", "api.aws.scloud"),
        ("aws-iso-e", "eu-isoe-west-1", "cloud.adc-e.uk", "api.cloud-aws.adc-e.uk"),
        ("aws-iso-f", "us-isof-south-1", "csp.hci.ic.gov", "api.aws.hci.ic.gov"),
        ("aws-eusc", "eusc-de-east-1", "amazonaws.eu", "api.amazonwebservices.eu"),
        // A region no partition pattern matches belongs to the aws partition, as the rules' partition function says.
        ("aws (fallback)", "xx-future-9", "amazonaws.com", "api.aws"),
        ("aws (fallback)", "local", "amazonaws.com", "api.aws"),
    ];

    public static TheoryData<string, string, bool, bool, string> Endpoints
    {
        get
        {
            var data = new TheoryData<string, string, bool, bool, string>();
            foreach ((string partition, string region, string dns, string dualStack) in Partitions)
            {
                data.Add(partition, region, false, false, $"https://lambda.{region}.{dns}/");
                data.Add(partition, region, true, false, $"https://lambda-fips.{region}.{dns}/");
                data.Add(partition, region, false, true, $"https://lambda.{region}.{dualStack}/");
                data.Add(partition, region, true, true, $"https://lambda-fips.{region}.{dualStack}/");
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public void Every_partition_and_variant_resolves_to_its_endpoint(string partition, string region, bool fips, bool dualStack, string expected)
    {
        using var client = new LambdaStreamingClient(new LambdaStreamingClientOptions { Region = region, UseFips = fips, UseDualStack = dualStack, Credentials = Anonymous });

        Assert.True(new Uri(expected) == client.Endpoint, $"{partition} {region} fips={fips} dualstack={dualStack}: {client.Endpoint}");
    }

    [Theory]
    [InlineData("http://127.0.0.1:9001", "http://127.0.0.1:9001/")]
    [InlineData("https://lambda.eu-west-1.amazonaws.com", "https://lambda.eu-west-1.amazonaws.com/")]
    [InlineData("https://proxy.example.com/lambda/", "https://proxy.example.com/lambda/")]
    public void A_custom_endpoint_is_used_verbatim_and_needs_no_region(string serviceUrl, string expected)
    {
        using var client = new LambdaStreamingClient(new LambdaStreamingClientOptions { ServiceUrl = new Uri(serviceUrl), Credentials = Anonymous });

        Assert.Equal(new Uri(expected), client.Endpoint);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void A_custom_endpoint_with_FIPS_or_dual_stack_is_refused_at_construction(bool fips, bool dualStack)
    {
        var options = new LambdaStreamingClientOptions { ServiceUrl = new Uri("https://lambda.example.com"), UseFips = fips, UseDualStack = dualStack };

        var exception = Assert.Throws<ArgumentException>(() => new LambdaStreamingClient(options));
        Assert.Equal(nameof(LambdaStreamingClientOptions.ServiceUrl), exception.ParamName);
    }

    [Theory]
    [InlineData("eu west 1")]
    [InlineData("-eu-west-1")]
    [InlineData("eu-west-1.evil.example")]
    [InlineData("eu-west-1\n")] // as read from a file or an environment variable with its line break
    public void A_configured_region_that_is_not_a_host_label_is_refused_at_construction(string region)
    {
        // With or without a custom endpoint: there it would be signed into the credential scope as it is.
        foreach (Uri? serviceUrl in new[] { null, new Uri("http://127.0.0.1:9001/") })
        {
            var exception = Assert.Throws<ArgumentException>(() => new LambdaStreamingClient(new LambdaStreamingClientOptions { Region = region, ServiceUrl = serviceUrl, Credentials = Anonymous }));

            Assert.Equal("Region", exception.ParamName);
            Assert.Contains(region, exception.Message, StringComparison.Ordinal);
        }
    }

    private static AWSCredentials Anonymous => new AnonymousAWSCredentials();
}
