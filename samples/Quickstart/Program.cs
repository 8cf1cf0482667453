using System.Diagnostics;
using System.Runtime.InteropServices;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using LambdaStreamGen;
using LambdaStreamGen.Local;
using Quickstart;

// dotnet run --project samples/Quickstart                      the report function on the embedded emulator
// dotnet run --project samples/Quickstart -- --function NAME --region R [--profile P] [--qualifier Q] [--endpoint URL]
//                                                              a deployed function, default AWS credential chain
// dotnet run --project samples/Quickstart -- serve [--port N]  the emulator alone, for any client
using var cancellation = new CancellationTokenSource();

// Ctrl+C (SIGINT) and `kill` (SIGTERM: what timeout, docker stop, systemd and CI clean-up send) both stop the program
// the same way: open streams are cut (their callers see a truncated stream, never a complete one), then it exits.
using PosixSignalRegistration onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using PosixSignalRegistration onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

bool serve = args.Length > 0 && args[0] == "serve";
if (ParseOptions(serve ? args[1..] : args, serve ? ["port"] : ["function", "region", "profile", "qualifier", "endpoint"], out Dictionary<string, string> options) is { } usage)
{
    Console.Error.WriteLine($"error: {usage}");
    Console.Error.WriteLine("usage: Quickstart [--function NAME --region R [--profile P] [--qualifier Q] [--endpoint URL]] | serve [--port N]");
    return 2;
}

try
{
    if (serve)
    {
        return await ServeAsync(options, cancellation.Token);
    }

    if (options.ContainsKey("function"))
    {
        return await RunDeployedAsync(options, cancellation.Token);
    }

    return await RunEmbeddedAsync(cancellation.Token);
}
catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
{
    Console.Error.WriteLine("\ncancelled: the stream was closed and the function told the caller went away.");
    return 130;
}

void Stop(PosixSignalContext context)
{
    context.Cancel = true; // stop cleanly instead of letting the runtime end the process at once
    cancellation.Cancel();
}

static async Task<int> RunEmbeddedAsync(CancellationToken cancellationToken)
{
    await using LocalLambdaServer server = await LocalLambdaServer.StartAsync(ReportFunction.Register, cancellationToken);
    Console.Error.WriteLine($"emulator listening on {server.Endpoint} (no AWS account needed)");
    using var lambda = new LambdaStreamingClient(server.CreateClientOptions());
    IReports reports = IReports.Create(lambda);

    await StreamReportAsync(reports, new ReportQuery(Rows: 30, Region: "eu-west-1"), cancellationToken);

    // The error path a caller must handle: the function fails after part of its output. The rows before the failure
    // are delivered; then the failure is thrown, never swallowed.
    Console.Error.WriteLine("\nnow a report whose function fails half-way:");
    try
    {
        await StreamReportAsync(reports, new ReportQuery(Rows: 10, Region: "us-east-1", FailAfter: 4), cancellationToken);
    }
    catch (LambdaFunctionException error)
    {
        Console.Error.WriteLine(Console.IsErrorRedirected ? string.Empty : "\r\u001b[K");
        Console.Error.WriteLine($"function failed after partial output: {error.ErrorType}: {error.ErrorMessage} (request {error.RequestId})");
    }

    return 0;
}

static async Task<int> RunDeployedAsync(Dictionary<string, string> options, CancellationToken cancellationToken)
{
    Uri? serviceUrl = null;
    if (options.TryGetValue("endpoint", out string? endpoint)
        && (!Uri.TryCreate(endpoint, UriKind.Absolute, out serviceUrl) || serviceUrl.Scheme is not ("http" or "https")))
    {
        Console.Error.WriteLine($"error: --endpoint must be an absolute http or https URL, such as http://127.0.0.1:9001; '{endpoint}' is not.");
        return 2;
    }

    var clientOptions = new LambdaStreamingClientOptions
    {
        Region = options.GetValueOrDefault("region"),
        ServiceUrl = serviceUrl,
    };
    if (options.TryGetValue("profile", out string? profile))
    {
        if (!new CredentialProfileStoreChain().TryGetAWSCredentials(profile, out AWSCredentials credentials))
        {
            Console.Error.WriteLine($"error: no credentials for profile '{profile}' in ~/.aws/credentials or ~/.aws/config.");
            return 2;
        }

        clientOptions.Credentials = credentials;
    }

    LambdaStreamingRequest request;
    try
    {
        request = new LambdaStreamingRequest(options["function"]) { Qualifier = options.GetValueOrDefault("qualifier") }
            .WithJsonPayload(new ReportQuery(30, clientOptions.Region ?? "unknown"), QuickstartJson.Default.ReportQuery);
    }
    catch (ArgumentException error)
    {
        // The library checks names and qualifiers as Lambda does, before any request; its message says what is wrong.
        string message = error.ParamName is null ? error.Message : error.Message.Replace($" (Parameter '{error.ParamName}')", string.Empty, StringComparison.Ordinal);
        Console.Error.WriteLine($"error: {(error.ParamName == "value" ? "--qualifier" : "--function")}: {message}");
        return 2;
    }

    using var lambda = new LambdaStreamingClient(clientOptions);
    try
    {
        await using LambdaResponseStream response = await lambda.InvokeAsync(request, cancellationToken);
        await foreach (string line in response.ReadTextLinesAsync(cancellationToken))
        {
            Console.WriteLine(line);
        }

        return 0;
    }
    catch (InvalidOperationException error) when (error.Message.Contains("region", StringComparison.OrdinalIgnoreCase))
    {
        Console.Error.WriteLine($"error: {error.Message}");
        return 2;
    }
    catch (AmazonClientException error)
    {
        Console.Error.WriteLine($"error: AWS credentials could not be found: {error.Message} Set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or pass --profile.");
        return 2;
    }
    catch (LambdaStreamingException error)
    {
        Console.Error.WriteLine($"error: {error.Message}");
        return 1;
    }
}

static async Task<int> ServeAsync(Dictionary<string, string> options, CancellationToken cancellationToken)
{
    int port = 9001;
    if (options.TryGetValue("port", out string? text)
        && (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out port) || port > 65535))
    {
        Console.Error.WriteLine($"error: --port must be a number from 0 to 65535 (0 picks a free port); '{text}' is not.");
        return 2;
    }

    LocalLambdaServer server;
    try
    {
        server = await LocalLambdaServer.StartAsync(o =>
        {
            o.Port = port;
            ReportFunction.Register(o);
        }, cancellationToken);
    }
    catch (IOException error)
    {
        Console.Error.WriteLine($"error: cannot listen on port {port}: {error.Message} Pass --port with a free port, or 0 to pick one.");
        return 1;
    }

    await using (server)
    {
        Console.WriteLine($"local Lambda streaming emulator on {server.Endpoint}");
        Console.WriteLine($"region {server.Options.Region}; access key {LocalCredentials.Test.AccessKeyId}; secret {LocalCredentials.Test.SecretAccessKey}");
        Console.WriteLine("functions: report-generator, payload {\"rows\":3,\"region\":\"eu-west-1\"}   (Ctrl+C or SIGTERM to stop)");
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Disposing the server (as this block ends) cuts the streams still open; their callers see them end
            // without InvokeComplete.
            Console.WriteLine("stopping: open streams are cut.");
        }
    }

    Console.WriteLine("stopped.");
    return 0;
}

static async Task StreamReportAsync(IReports reports, ReportQuery query, CancellationToken cancellationToken)
{
    var clock = Stopwatch.StartNew();
    int items = 0;
    long bytes = 0;
    decimal revenue = 0;
    // The progress line lives on stderr and is redrawn in place on a terminal; rows go to stdout as they arrive.
    bool liveProgress = !Console.IsErrorRedirected;
    const string ClearLine = "\r\u001b[K";
    await foreach (ReportRow row in reports.RunAsync(query, cancellationToken))
    {
        items++;
        revenue += row.Revenue;

        // The function writes each row as one JSON line with the same context, so this is the payload that arrived.
        bytes += System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(row, QuickstartJson.Default.ReportRow).Length + 1;
        if (liveProgress)
        {
            Console.Error.Write(ClearLine);
        }

        Console.WriteLine($"{row.Number,3}  {row.Region,-10} {row.Product,-8} {row.Revenue,10:N2}");
        if (liveProgress)
        {
            Console.Error.Write($"  {items} rows, {bytes:N0} bytes, {clock.Elapsed.TotalSeconds:F1} s, {items / Math.Max(clock.Elapsed.TotalSeconds, 0.001):F1} rows/s");
        }
    }

    Console.Error.WriteLine($"{(liveProgress ? ClearLine : string.Empty)}done: {items} rows, {bytes:N0} bytes, revenue {revenue:N2}, in {clock.Elapsed.TotalSeconds:F1} s");
}

// "--name value" pairs of the known names; returns what is wrong with the arguments, or null.
static string? ParseOptions(string[] args, string[] known, out Dictionary<string, string> options)
{
    options = new Dictionary<string, string>(StringComparer.Ordinal);
    for (int i = 0; i < args.Length; i++)
    {
        if (!args[i].StartsWith("--", StringComparison.Ordinal))
        {
            return $"unexpected argument '{args[i]}'.";
        }

        string name = args[i][2..];
        if (!known.Contains(name))
        {
            return known.Contains("port")
                ? $"unknown option --{name} for serve; it takes --port."
                : $"unknown option --{name}{(name is "port" ? " outside serve" : string.Empty)}; the options are --{string.Join(", --", known)}.";
        }

        if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
        {
            return $"--{name} needs a value.";
        }

        options[name] = args[++i];
    }

    // The deployed mode is chosen by naming a function; its other options mean nothing without one.
    return !known.Contains("port") && options.Count > 0 && !options.ContainsKey("function")
        ? $"unknown option --{options.Keys.First()} without --function: name the deployed function to call."
        : null;
}
