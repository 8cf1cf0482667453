using System.Globalization;

namespace LambdaStreamGen.Decoding;

/// <summary>
/// The largest record a decoder buffers. A decoder holds at most one incomplete record; without a bound, a function
/// that never ends a record (no <c>\n</c>, an array element that never closes) would make the client keep the whole
/// response in memory. The limit is the client's, not the function's, to choose.
/// </summary>
internal static class RecordLimit
{
    /// <summary>16 MiB: the largest event-stream message Lambda sends, so one flushed record always fits.</summary>
    public const int Default = 16 * 1024 * 1024;

    /// <summary>Throws when <paramref name="maxRecordBytes"/> is not a usable limit.</summary>
    public static void Validate(int maxRecordBytes, string parameterName)
    {
        if (maxRecordBytes < 1)
        {
            throw new ArgumentOutOfRangeException(parameterName, maxRecordBytes, "The record limit must be at least 1 byte.");
        }
    }

    /// <summary>The problem sentence of the exception thrown when a record outgrows the limit.</summary>
    public static string Exceeded(int maxRecordBytes, string record) => string.Create(
        CultureInfo.InvariantCulture,
        $"the {record} is longer than MaxRecordBytes ({maxRecordBytes:N0} bytes) and was not buffered further; raise LambdaStreamingClientOptions.MaxRecordBytes (or the call's) if such records are expected.");
}
