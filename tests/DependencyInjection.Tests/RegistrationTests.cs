using Amazon;
using Amazon.Extensions.NETCore.Setup;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LambdaStreamGen.DependencyInjection.Tests;

/// <summary>Registration as an application does it: appsettings-style configuration, a host, generated interfaces.</summary>
public sealed class RegistrationTests
{
    [Fact]
    public async Task A_hosted_app_resolves_a_generated_interface_configured_from_a_section_and_streams_from_the_emulator()
    {
        await using Emulator emulator = await Emulator.StartAsync();
        HostApplicationBuilder builder = NewBuilder(new()
        {
            ["LambdaStreaming:ServiceUrl"] = emulator.Endpoint.ToString(),
            ["LambdaStreaming:Region"] = "us-east-1",
        });
        builder.Services.AddDefaultAWSOptions(new AWSOptions { Credentials = Emulator.Credentials });
        builder.Services.AddLambdaStreaming(builder.Configuration.GetSection("LambdaStreaming"));
        builder.Services.AddLambdaStreamingClient(IRows.Create);
        builder.Services.AddLambdaStreamingClient(ILines.Create);

        using IHost host = builder.Build();
        await host.StartAsync();

        IRows rows = host.Services.GetRequiredService<IRows>();
        var received = new List<Row>();
        await foreach (Row row in rows.ListAsync(new RowQuery(3)))
        {
            received.Add(row);
        }

        Assert.Equal([new Row(0, "row 0"), new Row(1, "row 1"), new Row(2, "row 2")], received);
        Assert.Equal(["first", "second"], await host.Services.GetRequiredService<ILines>().ReadAsync().ToListAsync());

        // One client per configuration: every interface and every resolution shares it (and its retry quota).
        LambdaStreamingClient client = host.Services.GetRequiredService<LambdaStreamingClient>();
        Assert.Same(client, host.Services.GetRequiredKeyedService<LambdaStreamingClient>(string.Empty));
        Assert.Same(client, host.Services.GetRequiredService<LambdaStreamingClient>());
        Assert.Equal(emulator.Endpoint, client.Endpoint);
        await host.StopAsync();
    }

    [Fact]
    public async Task Handlers_added_to_the_returned_builder_carry_every_attempt()
    {
        await using Emulator emulator = await Emulator.StartAsync();
        var counter = new CountingHandler();
        var services = new ServiceCollection();
        services.AddLambdaStreaming(options => Point(options, emulator));
        services.AddLambdaStreamingClient(IRows.Create).AddHttpMessageHandler(() => counter);

        await using ServiceProvider provider = services.BuildServiceProvider();
        List<Row> first = await provider.GetRequiredService<IRows>().ListAsync(new RowQuery(2)).ToListAsync();
        List<Row> second = await provider.GetRequiredService<IRows>().ListAsync(new RowQuery(1)).ToListAsync();

        Assert.Equal(2, first.Count);
        Assert.Single(second);
        Assert.Equal(2, counter.Requests);
        Assert.All(counter.Paths, path => Assert.Equal("/2021-11-15/functions/rows/response-streaming-invocations", path));
    }

    [Fact]
    public async Task The_default_pipeline_does_not_replay_an_invocation_that_failed()
    {
        await using Emulator emulator = await Emulator.StartAsync();
        emulator.Rows.InjectFaultOnce(1, Local.LocalFault.ServiceError(503, "ServiceException", "try later"));
        var services = new ServiceCollection();
        services.AddLambdaStreaming(options =>
        {
            Point(options, emulator);
            options.MaxAttempts = 1;
        });
        services.AddLambdaStreamingClient(IRows.Create);

        await using ServiceProvider provider = services.BuildServiceProvider();
        var error = await Assert.ThrowsAsync<LambdaServiceException>(() => provider.GetRequiredService<IRows>().ListAsync(new RowQuery(1)).ToListAsync().AsTask());

        Assert.Equal("ServiceException", error.ErrorCode);
        Assert.Equal(1, emulator.Rows.InvocationCount);
    }

    [Fact]
    public async Task Named_configurations_get_clients_of_their_own()
    {
        await using Emulator emulator = await Emulator.StartAsync();
        var services = new ServiceCollection();
        services.AddLambdaStreaming(options => options.Region = "eu-west-1");
        services.AddLambdaStreaming("local", options => Point(options, emulator));
        services.AddLambdaStreamingClient(IRows.Create, "local");

        await using ServiceProvider provider = services.BuildServiceProvider();
        LambdaStreamingClient local = provider.GetRequiredKeyedService<LambdaStreamingClient>("local");
        LambdaStreamingClient standard = provider.GetRequiredService<LambdaStreamingClient>();

        Assert.NotSame(local, standard);
        Assert.Equal(emulator.Endpoint, local.Endpoint);
        Assert.Equal(new Uri("https://lambda.eu-west-1.amazonaws.com/"), standard.Endpoint);
        Assert.Single(await provider.GetRequiredService<IRows>().ListAsync(new RowQuery(1)).ToListAsync());
    }

    [Fact]
    public void Every_setting_binds_from_configuration()
    {
        HostApplicationBuilder builder = NewBuilder(new()
        {
            ["Lambda:Region"] = "eu-north-1",
            ["Lambda:Profile"] = "reports",
            ["Lambda:ProfilesLocation"] = "/etc/app/aws-credentials",
            ["Lambda:UseFips"] = "true",
            ["Lambda:UseDualStack"] = "True",
            ["Lambda:MaxAttempts"] = "5",
            ["Lambda:ResponseHeadersTimeout"] = "00:00:30",
            ["Lambda:IdleTimeout"] = "00:02:00",
            ["Lambda:TotalTimeout"] = "Infinite",
            ["Lambda:MaxRecordBytes"] = "1048576",
            ["Lambda:LogPayloadBytes"] = "128",
            ["Lambda:PropagateTraceHeader"] = "false",
        });
        builder.Services.AddLambdaStreaming(builder.Configuration.GetSection("Lambda"));
        using IHost host = builder.Build();

        LambdaStreamingClientOptions options = host.Services.GetRequiredService<IOptions<LambdaStreamingClientOptions>>().Value;

        Assert.Equal("eu-north-1", options.Region);
        Assert.Equal("reports", options.Profile);
        Assert.Equal("/etc/app/aws-credentials", options.ProfilesLocation);
        Assert.True(options.UseFips);
        Assert.True(options.UseDualStack);
        Assert.Equal(5, options.MaxAttempts);
        Assert.Equal(TimeSpan.FromSeconds(30), options.ResponseHeadersTimeout);
        Assert.Equal(TimeSpan.FromMinutes(2), options.IdleTimeout);
        Assert.Equal(Timeout.InfiniteTimeSpan, options.TotalTimeout);
        Assert.Equal(1048576, options.MaxRecordBytes);
        Assert.Equal(128, options.LogPayloadBytes);
        Assert.False(options.PropagateTraceHeader);
        Assert.NotNull(options.LoggerFactory);
    }

    [Fact]
    public async Task Invalid_configuration_stops_the_host_at_start_naming_every_key()
    {
        HostApplicationBuilder builder = NewBuilder(new()
        {
            ["LambdaStreaming:Region"] = "eu-west-1",
            ["LambdaStreaming:MaxAttempts"] = "several",
            ["LambdaStreaming:IdleTimeout"] = "5 minutes",
            ["LambdaStreaming:Regoin"] = "eu-west-1",
            ["LambdaStreaming:ServiceUrl"] = "localhost:9001",
        });
        builder.Services.AddLambdaStreaming(builder.Configuration.GetSection("LambdaStreaming"));
        builder.Services.AddLambdaStreamingClient(IRows.Create);
        using IHost host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("'LambdaStreaming:MaxAttempts': 'several' is not a whole number.", error.Failures);
        Assert.Contains(error.Failures, f => f.StartsWith("'LambdaStreaming:IdleTimeout': '5 minutes' is not a time span", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("'LambdaStreaming:Regoin' is not a setting of LambdaStreamingClientOptions", StringComparison.Ordinal));
        Assert.Contains("'LambdaStreaming:ServiceUrl': 'localhost:9001' is not an absolute http or https URL.", error.Failures);
    }

    [Fact]
    public async Task A_value_out_of_range_is_reported_under_its_key()
    {
        HostApplicationBuilder builder = NewBuilder(new()
        {
            ["Lambda:Region"] = "eu-west-1",
            ["Lambda:MaxAttempts"] = "0",
        });
        builder.Services.AddLambdaStreaming(builder.Configuration.GetSection("Lambda"));
        using IHost host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal(["'Lambda:MaxAttempts': MaxAttempts must be at least 1 (1 disables retries)."], error.Failures);
    }

    [Fact]
    public async Task Options_set_in_code_are_validated_at_start_too()
    {
        HostApplicationBuilder builder = NewBuilder([]);
        builder.Services.AddLambdaStreaming(options =>
        {
            options.ServiceUrl = new Uri("http://127.0.0.1:9/");
            options.UseFips = true;
        });
        using IHost host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal(["LambdaStreamingClientOptions.ServiceUrl: ServiceUrl is used verbatim; it cannot be combined with UseFips or UseDualStack."], error.Failures);
    }

    [Fact]
    public void AWSOptions_give_region_and_credentials_unless_the_section_sets_its_own()
    {
        HostApplicationBuilder builder = NewBuilder(new() { ["Named:Region"] = "eu-west-3" });
        builder.Services.AddDefaultAWSOptions(new AWSOptions { Region = RegionEndpoint.EUCentral1, Credentials = Emulator.Credentials, Profile = "shared", ProfilesLocation = "/etc/app/aws-credentials" });
        builder.Services.AddLambdaStreaming(options => { });
        builder.Services.AddLambdaStreaming("named", builder.Configuration.GetSection("Named"));
        using IHost host = builder.Build();

        IOptionsMonitor<LambdaStreamingClientOptions> monitor = host.Services.GetRequiredService<IOptionsMonitor<LambdaStreamingClientOptions>>();
        LambdaStreamingClientOptions fromAws = monitor.Get(string.Empty);
        LambdaStreamingClientOptions overridden = monitor.Get("named");

        Assert.Equal("eu-central-1", fromAws.Region);
        Assert.Equal("shared", fromAws.Profile);
        Assert.Equal("/etc/app/aws-credentials", fromAws.ProfilesLocation);
        Assert.Same(Emulator.Credentials, fromAws.Credentials);
        Assert.Equal("shared", overridden.Profile);
        Assert.Equal("/etc/app/aws-credentials", overridden.ProfilesLocation);
        Assert.Equal("eu-west-3", overridden.Region);
        Assert.Equal(new Uri("https://lambda.eu-central-1.amazonaws.com/"), host.Services.GetRequiredService<LambdaStreamingClient>().Endpoint);
        Assert.Equal(new Uri("https://lambda.eu-west-3.amazonaws.com/"), host.Services.GetRequiredKeyedService<LambdaStreamingClient>("named").Endpoint);
    }

    [Fact]
    public void A_section_that_names_its_own_profile_does_not_take_the_AWS_options_credentials_file()
    {
        HostApplicationBuilder builder = NewBuilder(new() { ["Own:Profile"] = "own" });
        builder.Services.AddDefaultAWSOptions(new AWSOptions { Profile = "shared", ProfilesLocation = "/etc/app/aws-credentials" });
        builder.Services.AddLambdaStreaming("own", builder.Configuration.GetSection("Own"));
        using IHost host = builder.Build();

        LambdaStreamingClientOptions own = host.Services.GetRequiredService<IOptionsMonitor<LambdaStreamingClientOptions>>().Get("own");

        // The file belongs to the AWS options' profile; the section's profile is read from the shared files.
        Assert.Equal("own", own.Profile);
        Assert.Null(own.ProfilesLocation);
    }

    internal static HostApplicationBuilder NewBuilder(Dictionary<string, string?> settings)
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(settings);
        return builder;
    }

    internal static void Point(LambdaStreamingClientOptions options, Emulator emulator)
    {
        options.ServiceUrl = emulator.Endpoint;
        options.Region = "us-east-1";
        options.Credentials = Emulator.Credentials;
    }

    private sealed class CountingHandler : DelegatingHandler
    {
        private int _requests;

        public int Requests => _requests;

        public System.Collections.Concurrent.ConcurrentQueue<string> Paths { get; } = new();

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _requests);
            Paths.Enqueue(request.RequestUri!.AbsolutePath);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
