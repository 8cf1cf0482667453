using LambdaStreamGen.Fuzzing;
using SharpFuzz;

// Usage:
//   LambdaStreamGen.Fuzzing <target>                      run under afl-fuzz (fuzz.sh does the set-up)
//   LambdaStreamGen.Fuzzing <target> --replay <path>...   run files or folders of inputs once each, outside afl
//   LambdaStreamGen.Fuzzing --write-seeds <folder>        write the starting inputs, one folder per target
if (args is ["--write-seeds", string seedFolder])
{
    FuzzSeeds.WriteAll(seedFolder);
    return 0;
}

if (args.Length == 0 || !FuzzTargets.All.TryGetValue(args[0], out Action<byte[]>? target))
{
    Console.Error.WriteLine($"usage: LambdaStreamGen.Fuzzing <{string.Join('|', FuzzTargets.All.Keys)}> [--replay <file or folder>...]");
    return 2;
}

if (args.Length > 1 && args[1] == "--replay")
{
    int failures = 0;
    foreach (string file in args.Skip(2).SelectMany(path => Directory.Exists(path) ? Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories) : [path]).Order(StringComparer.Ordinal))
    {
        try
        {
            target(File.ReadAllBytes(file));
            Console.WriteLine($"ok    {file}");
        }
#pragma warning disable CA1031 // Replay reports every finding, whatever its type, then moves on to the next input.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            failures++;
            Console.WriteLine($"FAIL  {file}: {exception.GetType().Name}: {exception.Message}");
        }
    }

    return failures == 0 ? 0 : 1;
}

Fuzzer.OutOfProcess.Run(stream =>
{
    using var buffer = new MemoryStream();
    stream.CopyTo(buffer);
    target(buffer.ToArray());
});
return 0;
