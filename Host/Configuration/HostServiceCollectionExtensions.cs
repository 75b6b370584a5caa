using Allocation.Host.Errors;
using Allocation.Host.Notifications;
using Allocation.Host.OpenApi;
using Allocation.Host.Security;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Allocation.Host.Configuration;

/// <summary>Wires the host from configuration: the store, the application, errors, logging, OpenAPI.</summary>
internal static class HostServiceCollectionExtensions
{
    /// <summary>Every setting is validated when the host starts (<c>ValidateOnStart</c>), naming the setting.</summary>
    public static IServiceCollection AddAllocationHost(this IServiceCollection services, IConfiguration configuration)
    {
        var database = configuration.GetSection(DatabaseSettings.SectionName);
        var connectionString = configuration.GetConnectionString("Allocation");
        services.AddOptions<DatabaseSettings>().Bind(database).Configure(o => o.ConnectionString = connectionString).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DatabaseSettings>, DatabaseSettingsValidator>();
        services.AddAllocation(configuration, allocation =>
        {
            // The same section binds the chosen adapter's own options. An unknown provider, or a
            // missing connection string, registers no store: the settings check names it at start.
            var connected = !string.IsNullOrWhiteSpace(connectionString);
            switch (database["Provider"]?.ToLowerInvariant() ?? "sqlite")
            {
                case "postgres" when connected:
                    allocation.UsePostgres(connectionString, o => database.Bind(o));
                    break;
                case "sqlite" when connected:
                    allocation.UseSqlite(connectionString, o => database.Bind(o));
                    break;
                case "inmemory":
                    allocation.UseInMemory(o => database.Bind(o));
                    break;
            }

            allocation.UseConfiguredNotifications(configuration);
            var redis = configuration.GetSection(Adapters.Redis.RedisOptions.SectionName);
            if (!string.IsNullOrWhiteSpace(redis["Connection"]))
            {
                allocation.UseRedis(redis["Connection"]!, o => redis.Bind(o)); // off while unset: the default needs no broker
            }
        });
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(o => o.AddServerHeader = false); // no "Server: Kestrel"
        services.AddHealthChecks();
        services.AddAllocationSecurity(configuration);
        services.AddAllocationProblemDetails(); // the error table, shared with consumers as Allocation.AspNetCore
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
            o.SerializerOptions.AllowDuplicateProperties = false; // {"orderid":"A","OrderId":"B"} is refused, not read as B
        });
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddOptions<RequestLoggingOptions>().Bind(configuration.GetSection(RequestLoggingOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RequestLoggingOptions>, RequestLoggingOptionsValidator>();
        services.AddOptions<Endpoints.FeedOptions>().Bind(configuration.GetSection(Endpoints.FeedOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<Endpoints.FeedOptions>, Endpoints.FeedOptionsValidator>();
        services.AddSingleton<Endpoints.FeedGate>();
        services.AddSingleton<Endpoints.FeedTail>();
        services.AddOptions<Endpoints.ApiReferenceSettings>().Bind(configuration.GetSection(Endpoints.ApiReferenceSettings.SectionName)).ValidateOnStart();
        services.AddOptions<OperatorConsole.ConsoleSettings>().Bind(configuration.GetSection(OperatorConsole.ConsoleSettings.SectionName)).ValidateOnStart();
        services.AddAllocationOpenApi();
        return services;
    }
}
