using LambdaStreamGen.TestSupport;

namespace LambdaStreamGen.Tests.Support;

/// <summary>
/// A theory over the upstream conformance vectors, which live outside the repository: it runs whenever they are beside
/// the checkout (as in CI) and is reported as skipped, with the reason, when they are not. Never failed, never silently
/// absent. xunit reads <see cref="FactAttribute.Skip"/> before it asks for the theory's data, so nothing is enumerated
/// from a missing folder.
/// </summary>
public sealed class UpstreamVectorsTheoryAttribute : TheoryAttribute
{
    public UpstreamVectorsTheoryAttribute()
    {
        Skip = RepositoryPaths.UpstreamEventStreamConformanceMissing;
    }
}
