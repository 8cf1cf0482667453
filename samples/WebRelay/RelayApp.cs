using LambdaStreamGen;
using LambdaStreamGen.AspNetCore;
using LambdaStreamGen.Local;

namespace WebRelay;

/// <summary>
/// The web app: a page at <c>/</c> and relay endpoints under <c>/api</c>. Without configuration it starts the
/// embedded emulator and calls its functions; with <c>Lambda:Region</c> (and the AWS credential chain) it calls the
/// deployed functions named <c>report</c>, <c>story</c>, <c>export</c> and <c>greeting</c>, through dependency injection either way.
/// </summary>
public sealed class RelayApp : IAsyncDisposable
{
    private RelayApp(WebApplication app, LocalLambdaServer? emulator)
    {
        App = app;
        Emulator = emulator;
    }

    public WebApplication App { get; }

    /// <summary>The embedded emulator, when no deployed function is configured.</summary>
    public LocalLambdaServer? Emulator { get; }

    /// <summary>The address the app listens on.</summary>
    public Uri Address => new(App.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
        .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First());

    /// <param name="args">Command-line arguments (configuration: <c>--Lambda:Region eu-west-1</c>, <c>--urls http://127.0.0.1:5080</c>).</param>
    /// <param name="beforeRow">Runs before each report row in the embedded function: a gate for tests.</param>
    /// <param name="exportProgress">Told the bytes the embedded export function has written, after each write: for tests.</param>
    public static async Task<RelayApp> StartAsync(string[] args, Func<int, CancellationToken, Task>? beforeRow = null, Action<long>? exportProgress = null)
    {
        // The page is served from beside the program, wherever it is started from.
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls(builder.Configuration["urls"] ?? "http://127.0.0.1:5080");
        builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.TypeInfoResolverChain.Insert(0, RelayJson.Default));
        builder.Services.AddProblemDetails();

        // Records compress well, and the relay flushes each one through the compressor as it is written (the relay
        // turns response buffering off), so compression costs no latency. Raw exports are left as they are.
        builder.Services.AddResponseCompression(options =>
            options.MimeTypes = [.. Microsoft.AspNetCore.ResponseCompression.ResponseCompressionDefaults.MimeTypes, "text/event-stream", "application/x-ndjson"]);

        LocalLambdaServer? emulator = null;
        IConfigurationSection lambda = builder.Configuration.GetSection("Lambda");
        if (lambda["Region"] is null && lambda["ServiceUrl"] is null)
        {
            emulator = await LocalLambdaServer.StartAsync(options => LocalFunctions.Register(options, beforeRow, exportProgress));
            LambdaStreamingClientOptions local = emulator.CreateClientOptions();
            builder.Services.AddLambdaStreaming(options => (options.ServiceUrl, options.Region, options.Credentials) = (local.ServiceUrl, local.Region, local.Credentials));
        }
        else
        {
            builder.Services.AddLambdaStreaming(lambda);
        }

        builder.Services.AddLambdaStreamingClient(IReportFunctions.Create);

        WebApplication app = builder.Build();
        app.UseResponseCompression();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        MapApi(app);
        await app.StartAsync();
        return new RelayApp(app, emulator);
    }

    private static void MapApi(WebApplication app)
    {
        RouteGroupBuilder api = app.MapGroup("/api");

        api.MapGet("/report", (int? rows, int? delayMs, int? failAfter, IReportFunctions functions, HttpContext http) =>
            Validate(rows, delayMs, out ReportQuery? query, failAfter) is { } invalid
                ? invalid
                : LambdaResults.ServerSentEvents(functions.ReportAsync(query!, http.RequestAborted), RelayJson.Default.ReportRow, eventType: "row"));

        api.MapGet("/report.ndjson", (int? rows, int? delayMs, int? failAfter, IReportFunctions functions, HttpContext http) =>
            Validate(rows, delayMs, out ReportQuery? query, failAfter) is { } invalid
                ? invalid
                : LambdaResults.NdJson(functions.ReportAsync(query!, http.RequestAborted), RelayJson.Default.ReportRow));

        api.MapGet("/story", (int? words, int? delayMs, IReportFunctions functions, HttpContext http) =>
            words is < 1 or > 10_000 || delayMs is < 0 or > 10_000
                ? TypedResults.Problem("words must be 1 to 10000 and delayMs 0 to 10000.", statusCode: StatusCodes.Status400BadRequest)
                : LambdaResults.ServerSentEvents(functions.StoryAsync(new StoryQuery(words ?? 40, delayMs ?? 80), http.RequestAborted), RelayJson.Default.String, eventType: "word"));

        api.MapGet("/export", (int? mb, IReportFunctions functions, HttpContext http) =>
            // Lambda streams at most 200 MB (docs/protocol.md §4): a larger export could only fail half-way.
            mb is < 1 or > 200
                ? TypedResults.Problem("mb must be 1 to 200 (Lambda streams at most 200 MB).", statusCode: StatusCodes.Status400BadRequest)
                : LambdaResults.Stream(functions.ExportAsync(new ExportQuery(mb ?? 8), http.RequestAborted)));

        // The function sets the status, headers and cookies itself (a function-URL style prelude).
        api.MapGet("/greeting", (string? name, IReportFunctions functions, HttpContext http) =>
            LambdaResults.Stream(functions.GreetingAsync(new GreetingQuery(name), http.RequestAborted), httpIntegrationPrelude: true));
    }

    private static IResult? Validate(int? rows, int? delayMs, out ReportQuery? query, int? failAfter)
    {
        query = null;
        if (rows is < 1 or > 10_000 || delayMs is < 0 or > 10_000)
        {
            return TypedResults.Problem("rows must be 1 to 10000 and delayMs 0 to 10000.", statusCode: StatusCodes.Status400BadRequest);
        }

        query = new ReportQuery(rows ?? 20, delayMs ?? 250, failAfter ?? -1);
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        if (Emulator is not null)
        {
            await Emulator.DisposeAsync();
        }
    }
}
