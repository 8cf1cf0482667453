namespace LambdaStreamGen;

/// <summary>How the function is invoked (<c>X-Amz-Invocation-Type</c>).</summary>
public enum LambdaInvocationType
{
    /// <summary>Runs the function and streams its response (the default).</summary>
    RequestResponse,

    /// <summary>Checks the caller's permission and the parameters without running the function; the response is 204 with no stream.</summary>
    DryRun,
}
