using System.Globalization;
using LambdaStreamGen.LoadTest;

// Load and soak runs against the emulator in a child process (docs/testing.md):
//   concurrency [streams=1000] [bytes-per-stream=1048576] [chunk=16384]
//   concurrency-plain [streams=1000] [bytes-per-stream=1048576] [chunk=16384]   the same, read by a plain HttpClient
//   idle        [streams=1000]
//   soak        [minutes=10] [workers=32] [warm-up-minutes=1]
//   record-limit [mebibytes=256]   a payload with no record boundary against the default MaxRecordBytes
//   resolve                        prints the endpoint a client with default options resolves here (no call is made)
// Each prints its figures and exits non-zero when a check fails.
static int Arg(string[] args, int index, int fallback) => args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;

return args.FirstOrDefault() switch
{
    "serve" => await ServeAsync(),
    "concurrency" => await ConcurrencyRun.RunAsync(Arg(args, 1, 1000), Arg(args, 2, 1024 * 1024), Arg(args, 3, 16 * 1024)),
    "concurrency-plain" => await PlainConcurrencyRun.RunAsync(Arg(args, 1, 1000), Arg(args, 2, 1024 * 1024), Arg(args, 3, 16 * 1024)),
    "idle" => await IdleStreamsRun.RunAsync(Arg(args, 1, 1000)),
    "resolve" => Resolve(),
    "record-limit" => await RecordLimitRun.RunAsync(Arg(args, 1, 256) * 1024L * 1024),
    "soak" => await SoakRun.RunAsync(TimeSpan.FromMinutes(Arg(args, 1, 10)), Arg(args, 2, 32), TimeSpan.FromMinutes(Arg(args, 3, 1))),
    _ => Usage(),
};

static async Task<int> ServeAsync()
{
    await EmulatorChild.ServeAsync();
    return 0;
}

static int Resolve()
{
    using var client = new LambdaStreamGen.LambdaStreamingClient();
    try
    {
        Console.WriteLine($"endpoint: {client.Endpoint}");
        return 0;
    }
    catch (InvalidOperationException exception)
    {
        Console.WriteLine($"no region: {exception.Message}");
        return 3;
    }
}

static int Usage()
{
    Console.Error.WriteLine("usage: LambdaStreamGen.LoadTest concurrency[-plain] [streams] [bytes-per-stream] [chunk] | idle [streams] | soak [minutes] [workers] [warm-up-minutes] | record-limit [mebibytes] | resolve");
    return 2;
}
