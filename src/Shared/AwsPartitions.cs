using System.Text.RegularExpressions;

namespace LambdaStreamGen.Rules;

/// <summary>
/// The AWS partitions as the SDKs' partition data describes them (docs/protocol.md §1): which regions belong to each,
/// and the DNS suffixes of their endpoints. Compiled into the runtime (endpoints) and the emulator (the ARNs in its
/// messages). A region that no pattern matches belongs to <c>aws</c>, as the endpoint rules' partition function says.
/// </summary>
internal static class AwsPartitions
{
    /// <summary>The default partition. (Declared first: the table below refers to it.)</summary>
    public static AwsPartition Aws { get; } = new("aws", new Regex(@"^(us|eu|ap|sa|ca|me|af|il|mx)\-\w+\-\d+$", RegexOptions.CultureInvariant), "amazonaws.com", "api.aws");

    private static readonly AwsPartition[] Known =
    [
        new("aws-cn", new Regex(@"^cn\-\w+\-\d+$", RegexOptions.CultureInvariant), "amazonaws.com.cn", "api.amazonwebservices.com.cn"),
        new("aws-us-gov", new Regex(@"^us\-gov\-\w+\-\d+$", RegexOptions.CultureInvariant), "amazonaws.com", "api.aws"),
        new("aws-iso", new Regex(@"^us\-iso\-\w+\-\d+$", RegexOptions.CultureInvariant), "c2s.ic.gov", "api.aws.ic.gov"),
        new("aws-iso-b", new Regex(@"^us\-isob\-\w+\-\d+$", RegexOptions.CultureInvariant), "sc2s.sgov.gov", "api.aws.scloud"),
        new("aws-iso-e", new Regex(@"^eu\-isoe\-\w+\-\d+$", RegexOptions.CultureInvariant), "cloud.adc-e.uk", "api.cloud-aws.adc-e.uk"),
        new("aws-iso-f", new Regex(@"^us\-isof\-\w+\-\d+$", RegexOptions.CultureInvariant), "csp.hci.ic.gov", "api.aws.hci.ic.gov"),
        new("aws-eusc", new Regex(@"^eusc\-(de)\-\w+\-\d+$", RegexOptions.CultureInvariant), "amazonaws.eu", "api.amazonwebservices.eu"),
        Aws,
    ];

    /// <summary>The partition a region belongs to.</summary>
    public static AwsPartition Of(string region)
    {
        foreach (AwsPartition partition in Known)
        {
            if (partition.RegionPattern.IsMatch(region))
            {
                return partition;
            }
        }

        return Aws;
    }
}

/// <summary>One partition: its name (as in ARNs), its region pattern and its endpoints' DNS suffixes.</summary>
internal sealed class AwsPartition
{
    public AwsPartition(string name, Regex regionPattern, string dnsSuffix, string dualStackDnsSuffix)
    {
        Name = name;
        RegionPattern = regionPattern;
        DnsSuffix = dnsSuffix;
        DualStackDnsSuffix = dualStackDnsSuffix;
    }

    public string Name { get; }

    public Regex RegionPattern { get; }

    public string DnsSuffix { get; }

    public string DualStackDnsSuffix { get; }
}
