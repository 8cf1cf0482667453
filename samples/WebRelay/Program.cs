using WebRelay;

// dotnet run --project samples/WebRelay                               the page and relays over the embedded emulator
// dotnet run --project samples/WebRelay -- --Lambda:Region eu-west-1  deployed functions report, story and export
// Options: --urls http://127.0.0.1:5080 (the address), and any LambdaStreaming setting under Lambda: (README.md).
await using RelayApp relay = await RelayApp.StartAsync(args);
Console.WriteLine($"LambdaStreamGen web relay: open {relay.Address} ({(relay.Emulator is null ? "deployed functions" : "embedded emulator at " + relay.Emulator.Endpoint)}). Ctrl+C stops.");
await relay.App.WaitForShutdownAsync();
