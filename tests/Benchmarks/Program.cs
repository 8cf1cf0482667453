using BenchmarkDotNet.Running;
using LambdaStreamGen.Benchmarks;

// dotnet run -c Release --project tests/Benchmarks -- --filter '*'           BenchmarkDotNet benchmarks
// dotnet run -c Release --project tests/Benchmarks -- emulator-throughput [GiB]   one large emulator response
// dotnet run -c Release --project tests/Benchmarks -- client-throughput [MiB]     client vs HttpClient vs JS SDK, latency
// dotnet run -c Release --project tests/Benchmarks -- replay [rounds]             every reader over the same pre-encoded responses
// dotnet run -c Release --project tests/Benchmarks -- cold-start [samples]        the first call of a fresh process
// dotnet run -c Release --project tests/Benchmarks -- cold-process N program [args]  a whole program's start to exit
if (args.Length > 0 && args[0] == "emulator-throughput")
{
    await EmulatorThroughput.RunAsync(args[1..]);
}
else if (args.Length > 0 && args[0] == "emulator-serve")
{
    await ClientThroughput.ServeAsync(args[1..]);
}
else if (args.Length > 0 && args[0] == "replay-serve")
{
    await ReplayServer.ServeAsync();
}
else if (args.Length > 0 && args[0] == "cold-start")
{
    await ColdStart.RunAsync(args[1..]);
}
else if (args.Length > 0 && args[0] == "cold-process")
{
    await ColdStart.RunProcessAsync(args[1..]);
}
else if (args.Length > 0 && args[0] == "cold-child")
{
    await ColdStart.MeasureAsync(args[1], new Uri(args[2]));
}
else if (args.Length > 0 && args[0] == "replay")
{
    await ReplayComparison.RunAsync(args[1..]);
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
