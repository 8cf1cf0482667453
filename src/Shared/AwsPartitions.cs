using System.Text.RegularExpressions;

namespace LambdaStreamGen.Rules;

/// <summary>
/// The AWS partitions as the SDKs' partition data describes them (docs/protocol.md §1): which regions belong to each,
/// and the DNS suffixes of their endpoints. Compiled into the runtime (endpoints) and the emulator (the ARNs in its
/// messages). A region that no pattern matches belongs to <c>aws</c>, as the endpoint rules' partition function says.
/// </summary>
internal static partial class AwsPartitions
{
    // The partition data's region patterns, in the ASCII meaning the SDKs give them: .NET's \w and \d would also match
    // non-ASCII letters and digits, and its '$' the position before a final line break, so they are spelled out.
    private const string AwsPattern = @"^(us|eu|ap|sa|ca|me|af|il|mx)-[a-zA-Z0-9_]+-[0-9]+\z";
    private const string ChinaPattern = @"^cn-[a-zA-Z0-9_]+-[0-9]+\z";
    private const string GovCloudPattern = @"^us-gov-[a-zA-Z0-9_]+-[0-9]+\z";
    private const string IsoPattern = @"^us-iso-[a-zA-Z0-9_]+-[0-9]+\z";
    private const string IsoBPattern = @"^us-isob-[a-zA-Z0-9_]+-[0-9]+\z";
    private const string IsoEPattern = @"^eu-isoe-[a-zA-Z0-9_]+-[0-9]+\z";
    private const string IsoFPattern = @"^us-isof-[a-zA-Z0-9_]+-[0-9]+\z";
    private const string EuscPattern = @"^eusc-(de)-[a-zA-Z0-9_]+-[0-9]+\z";

    /// <summary>The default partition. (Declared first: the table below refers to it.)</summary>
    public static AwsPartition Aws { get; } = new("aws", AwsRegions(), "amazonaws.com", "api.aws");

    private static readonly AwsPartition[] Known =
    [
        new("aws-cn", ChinaRegions(), "amazonaws.com.cn", "api.amazonwebservices.com.cn"),
        new("aws-us-gov", GovCloudRegions(), "amazonaws.com", "api.aws"),
        new("aws-iso", IsoRegions(), "c2s.ic.gov", "api.aws.ic.gov"),
        new("aws-iso-b", IsoBRegions(), "sc2s.sgov.gov", "api.aws.scloud"),
        new("aws-iso-e", IsoERegions(), "cloud.adc-e.uk", "api.cloud-aws.adc-e.uk"),
        new("aws-iso-f", IsoFRegions(), "csp.hci.ic.gov", "api.aws.hci.ic.gov"),
        new("aws-eusc", EuscRegions(), "amazonaws.eu", "api.amazonwebservices.eu"),
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

#if NET7_0_OR_GREATER
    // Source-generated where the runtime offers it: nothing to parse or build when the first endpoint is resolved.
    [GeneratedRegex(AwsPattern, RegexOptions.CultureInvariant)]
    private static partial Regex AwsRegions();

    [GeneratedRegex(ChinaPattern, RegexOptions.CultureInvariant)]
    private static partial Regex ChinaRegions();

    [GeneratedRegex(GovCloudPattern, RegexOptions.CultureInvariant)]
    private static partial Regex GovCloudRegions();

    [GeneratedRegex(IsoPattern, RegexOptions.CultureInvariant)]
    private static partial Regex IsoRegions();

    [GeneratedRegex(IsoBPattern, RegexOptions.CultureInvariant)]
    private static partial Regex IsoBRegions();

    [GeneratedRegex(IsoEPattern, RegexOptions.CultureInvariant)]
    private static partial Regex IsoERegions();

    [GeneratedRegex(IsoFPattern, RegexOptions.CultureInvariant)]
    private static partial Regex IsoFRegions();

    [GeneratedRegex(EuscPattern, RegexOptions.CultureInvariant)]
    private static partial Regex EuscRegions();
#else
    private static Regex AwsRegions() => new(AwsPattern, RegexOptions.CultureInvariant);

    private static Regex ChinaRegions() => new(ChinaPattern, RegexOptions.CultureInvariant);

    private static Regex GovCloudRegions() => new(GovCloudPattern, RegexOptions.CultureInvariant);

    private static Regex IsoRegions() => new(IsoPattern, RegexOptions.CultureInvariant);

    private static Regex IsoBRegions() => new(IsoBPattern, RegexOptions.CultureInvariant);

    private static Regex IsoERegions() => new(IsoEPattern, RegexOptions.CultureInvariant);

    private static Regex IsoFRegions() => new(IsoFPattern, RegexOptions.CultureInvariant);

    private static Regex EuscRegions() => new(EuscPattern, RegexOptions.CultureInvariant);
#endif
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
