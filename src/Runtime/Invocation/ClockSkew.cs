namespace LambdaStreamGen.Invocation;

/// <summary>
/// Corrects for a host clock that is off (docs/protocol.md §2.4). SigV4 signatures are only accepted within minutes
/// of the service's time; a skewed host gets every call refused. As the AWS SDKs do, the client learns the offset from
/// the <c>Date</c> header of a response when it differs by five minutes or more, signs later attempts with the
/// corrected time, and retries a call that failed with a clock-skew error once at once.
/// </summary>
internal sealed class ClockSkew
{
    /// <summary>How far the server's date must be from the corrected local time before the offset is changed.</summary>
    public static readonly TimeSpan Threshold = TimeSpan.FromMinutes(5);

    // The JavaScript SDK's list of clock-skew error codes (@smithy/service-error-classification, CLOCK_SKEW_ERROR_CODES).
    private static readonly HashSet<string> SkewErrorCodes = new(StringComparer.Ordinal)
    {
        "AuthFailure", "InvalidSignatureException", "RequestExpired", "RequestInTheFuture", "RequestTimeTooSkewed", "SignatureDoesNotMatch",
    };

    private long _offsetTicks;

    /// <summary>The correction added to the local clock when signing.</summary>
    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    /// <summary>The time to sign with.</summary>
    public DateTime CorrectedUtcNow => DateTime.UtcNow + Offset;

    public static bool IsSkewError(string errorCode) => SkewErrorCodes.Contains(errorCode);

    /// <summary>Learns from a response's <c>Date</c>; returns whether the offset changed.</summary>
    public bool Observe(DateTimeOffset? serverDate)
    {
        if (serverDate is not { } date)
        {
            return false;
        }

        DateTime now = DateTime.UtcNow;
        if ((date.UtcDateTime - (now + Offset)).Duration() < Threshold)
        {
            return false;
        }

        Interlocked.Exchange(ref _offsetTicks, (date.UtcDateTime - now).Ticks);
        return true;
    }
}
