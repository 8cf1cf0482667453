using BenchmarkDotNet.Running;
using LambdaStreamGen.Benchmarks;

// dotnet run -c Release --project tests/Benchmarks -- --filter '*'           BenchmarkDotNet benchmarks
// dotnet run -c Release --project tests/Benchmarks -- emulator-throughput [GiB]   one large emulator response
// dotnet run -c Release --project tests/Benchmarks -- client-throughput [MiB]     client vs HttpClient vs JS SDK, latency
if (args.Length > 0 && args[0] == "emulator-throughput")
{
    await EmulatorThroughput.RunAsync(args[1..]);
}
else if (args.Length > 0 && args[0] == "emulator-serve")
{
    await ClientThroughput.ServeAsync(args[1..]);
}
else if (args.Length > 0 && args[0] == "client-throughput")
{
    await ClientThroughput.RunAsync(args[1..]);
}
else
{
    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}

/// <summary>The benchmark entry point.</summary>
public partial class Program;
