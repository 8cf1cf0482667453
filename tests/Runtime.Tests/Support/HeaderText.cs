using System.Globalization;
using LambdaStreamGen.EventStreams;

namespace LambdaStreamGen.Tests.Support;

/// <summary>
/// A header as (name, type, value) text in the vocabulary of the conformance vectors
/// (<c>shared/conformance/eventstream/README.md</c>), so that our decoder, the vectors and the JavaScript codec can be
/// compared as plain strings.
/// </summary>
internal readonly record struct HeaderText(string Name, string Type, string Value)
{
    public static HeaderText From(EventStreamHeader header)
    {
        EventStreamHeaderValue value = header.Value;
        return value.Type switch
        {
            EventStreamHeaderType.BoolTrue => new(header.Name, "bool_true", "true"),
            EventStreamHeaderType.BoolFalse => new(header.Name, "bool_false", "false"),
            EventStreamHeaderType.Byte => new(header.Name, "byte", Invariant(value.AsByte())),
            EventStreamHeaderType.Int16 => new(header.Name, "int16", Invariant(value.AsInt16())),
            EventStreamHeaderType.Int32 => new(header.Name, "int32", Invariant(value.AsInt32())),
            EventStreamHeaderType.Int64 => new(header.Name, "int64", Invariant(value.AsInt64())),
            EventStreamHeaderType.ByteArray => new(header.Name, "byte_array", Convert.ToBase64String(value.AsBytes().Span)),
            EventStreamHeaderType.String => new(header.Name, "string", value.AsString()),
            EventStreamHeaderType.Timestamp => new(header.Name, "timestamp", Invariant(value.AsTimestampMilliseconds())),
            EventStreamHeaderType.Uuid => new(header.Name, "uuid", value.AsUuid().ToString("D", CultureInfo.InvariantCulture)),
            _ => throw new ArgumentOutOfRangeException(nameof(header), value.Type, "Unknown header type."),
        };
    }

    public static List<HeaderText> From(IEnumerable<EventStreamHeader> headers) => headers.Select(From).ToList();

    private static string Invariant(IFormattable value) => value.ToString(null, CultureInfo.InvariantCulture);
}
