using System.Text.Json.Serialization;
using LambdaStreamGen;

// Usage: AotSmoke <endpoint> — calls the "rows" function of an emulator at <endpoint> with the test credentials.
var options = new LambdaStreamingClientOptions
{
    ServiceUrl = new Uri(args[0]),
    Region = "us-east-1",
    Credentials = new Amazon.Runtime.BasicAWSCredentials("AKIALOCALLAMBDATEST1", "local-lambda-streaming-test-secret"),
};
using var client = new LambdaStreamingClient(options);
IRows rows = IRows.Create(client);
await foreach (Row row in rows.ListAsync(new RowQuery(3)))
{
    Console.WriteLine($"{row.Id}:{row.Name}");
}

public sealed record RowQuery(int Count);

public sealed record Row(int Id, string Name);

[JsonSerializable(typeof(RowQuery))]
[JsonSerializable(typeof(Row))]
internal sealed partial class AotJson : JsonSerializerContext;

[LambdaStreamingFunction("rows", JsonContext = typeof(AotJson))]
public partial interface IRows
{
    IAsyncEnumerable<Row> ListAsync(RowQuery query, CancellationToken cancellationToken = default);
}
