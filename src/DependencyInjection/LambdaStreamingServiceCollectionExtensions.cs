using LambdaStreamGen;
using LambdaStreamGen.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers LambdaStreamGen with a service collection: the client options (bound from configuration, validated at
/// start-up), one <see cref="LambdaStreamingClient"/> per configuration name sending through <c>IHttpClientFactory</c>,
/// and generated interfaces resolved through their <c>Create</c> factories.
/// </summary>
public static class LambdaStreamingServiceCollectionExtensions
{
    /// <summary>The prefix of the <c>IHttpClientFactory</c> client name of each configuration: <c>LambdaStreamGen</c>, then <c>:name</c> for a named one.</summary>
    public const string HttpClientNamePrefix = "LambdaStreamGen";

    /// <summary>
    /// Binds the default client options from a configuration section (for example
    /// <c>builder.Configuration.GetSection("LambdaStreaming")</c>), validated when the host starts, and registers the
    /// <see cref="LambdaStreamingClient"/> they configure.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section: keys named like the properties of <see cref="LambdaStreamingClientOptions"/> (<c>Region</c>, <c>ServiceUrl</c>, <c>Profile</c>, <c>MaxAttempts</c>, timeouts as <c>hh:mm:ss</c> or <c>Infinite</c>, …).</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddLambdaStreaming(this IServiceCollection services, IConfiguration configuration) =>
        services.AddLambdaStreaming(Options.Options.DefaultName, configuration);

    /// <summary>Configures the default client options in code, validated when the host starts, and registers the <see cref="LambdaStreamingClient"/> they configure.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddLambdaStreaming(this IServiceCollection services, Action<LambdaStreamingClientOptions> configure) =>
        services.AddLambdaStreaming(Options.Options.DefaultName, configure);

    /// <summary>Binds the options of the configuration <paramref name="name"/> from a section; see <see cref="AddLambdaStreaming(IServiceCollection, IConfiguration)"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The configuration name, for clients that call a different account, region or endpoint; resolve its client with <c>[FromKeyedServices(name)]</c>.</param>
    /// <param name="configuration">The section.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddLambdaStreaming(this IServiceCollection services, string name, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(configuration);
        AddCore(services, name, (configuration as IConfigurationSection)?.Path ?? string.Empty);
        services.AddOptions<LambdaStreamingClientOptions>(name).Configure(options => LambdaStreamingConfiguration.Bind(configuration, options));
        return services;
    }

    /// <summary>Configures the options of the configuration <paramref name="name"/> in code; see <see cref="AddLambdaStreaming(IServiceCollection, Action{LambdaStreamingClientOptions})"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The configuration name.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddLambdaStreaming(this IServiceCollection services, string name, Action<LambdaStreamingClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(configure);
        AddCore(services, name, sectionPath: null);
        services.AddOptions<LambdaStreamingClientOptions>(name).Configure(configure);
        return services;
    }

    /// <summary>
    /// Registers a generated interface (transient), created by its generated factory over the
    /// <see cref="LambdaStreamingClient"/> of configuration <paramref name="name"/>:
    /// <c>services.AddLambdaStreamingClient(IReports.Create)</c>. No reflection is involved, so it is safe under
    /// trimming and Native AOT.
    /// </summary>
    /// <typeparam name="TClient">The generated interface.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="create">The interface's generated <c>Create</c> method.</param>
    /// <param name="name">The configuration whose client and options it uses; the default one when omitted.</param>
    /// <returns>
    /// The builder of the configuration's HTTP pipeline, to add delegating handlers, a proxy or certificates as for
    /// any typed client. Interfaces on one configuration share its client and pipeline. Do not add handlers that
    /// retry (such as a standard resilience handler): the client retries what is safe to retry itself, and a handler
    /// that replays an invocation runs the function again (README.md, "With dependency injection").
    /// </returns>
    public static IHttpClientBuilder AddLambdaStreamingClient<TClient>(this IServiceCollection services, Func<LambdaStreamingClient, TClient> create, string? name = null)
        where TClient : class
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(create);
        string configurationName = name ?? Options.Options.DefaultName;
        IHttpClientBuilder builder = AddCore(services, configurationName, sectionPath: null);
        services.AddTransient(provider => create(provider.GetRequiredKeyedService<LambdaStreamingClient>(configurationName)));
        return builder;
    }

    /// <summary>The <c>IHttpClientFactory</c> client name a configuration sends through.</summary>
    /// <param name="name">The configuration name.</param>
    /// <returns>The client name.</returns>
    public static string HttpClientName(string name) =>
        string.IsNullOrEmpty(name) ? HttpClientNamePrefix : HttpClientNamePrefix + ":" + name;

    private static IHttpClientBuilder AddCore(IServiceCollection services, string name, string? sectionPath)
    {
        LambdaStreamingRegistrations registrations = Registrations(services);
        registrations.Add(name, sectionPath);

        services.AddOptions<LambdaStreamingClientOptions>(name).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LambdaStreamingClientOptions>, LambdaStreamingOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<LambdaStreamingClientOptions>, HostDefaults>());

        string httpClientName = HttpClientName(name);
        IHttpClientBuilder builder = services.AddHttpClient(httpClientName);

        // The signature and a session token travel in headers: never written to the HTTP client's logs.
        builder.RedactLoggedHeaders(_ => true);

        // One client per configuration for the container's life: its retry quota, clock correction and resolved
        // endpoint are per client. Each attempt asks the factory for the current pooled handler, so handler rotation
        // (DNS changes) and the pipeline configured on the builder apply as for any other client.
        services.TryAddKeyedSingleton(name, (provider, _) =>
        {
            LambdaStreamingClientOptions options = provider.GetRequiredService<IOptionsMonitor<LambdaStreamingClientOptions>>().Get(name);
            var handlers = provider.GetRequiredService<IHttpMessageHandlerFactory>();
            return new LambdaStreamingClient(() => handlers.CreateHandler(httpClientName), options);
        });
        if (name.Length == 0)
        {
            services.TryAddSingleton(provider => provider.GetRequiredKeyedService<LambdaStreamingClient>(Options.Options.DefaultName));
        }

        return builder;
    }

    private static LambdaStreamingRegistrations Registrations(IServiceCollection services)
    {
        foreach (ServiceDescriptor descriptor in services)
        {
            if (descriptor.ServiceType == typeof(LambdaStreamingRegistrations) && !descriptor.IsKeyedService && descriptor.ImplementationInstance is LambdaStreamingRegistrations existing)
            {
                return existing;
            }
        }

        var registrations = new LambdaStreamingRegistrations();
        services.AddSingleton(registrations);
        return registrations;
    }
}
