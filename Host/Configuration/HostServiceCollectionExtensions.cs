using Allocation.Host.Errors;
using Allocation.Host.Notifications;
using Allocation.Host.Security;
using Microsoft.AspNetCore.HttpLogging;
using Microsoft.Extensions.Options;

namespace Allocation.Host.Configuration;

/// <summary>Wires the host from configuration: the store, the application, errors, logging, OpenAPI.</summary>
internal static class HostServiceCollectionExtensions
{
    /// <exception cref="OptionsValidationException">A setting is wrong; the message names it.</exception>
    public static IServiceCollection AddAllocationHost(this IServiceCollection services, IConfiguration configuration)
    {
        var database = configuration.GetSection(DatabaseSettings.SectionName).Get<DatabaseSettings>() ?? new DatabaseSettings();
        database.ConnectionString = configuration.GetConnectionString("Allocation");
        var problems = database.Problems().ToList();
        if (problems.Count > 0)
        {
            throw new OptionsValidationException(DatabaseSettings.SectionName, typeof(DatabaseSettings), problems);
        }

        services.AddSingleton(database);
        services.AddAllocation(configuration, allocation =>
        {
            switch (database.Provider.ToLowerInvariant())
            {
                case "postgres":
                    allocation.UsePostgres(database.ConnectionString!, o => Apply(database, o));
                    break;
                case "sqlite":
                    allocation.UseSqlite(database.ConnectionString!, o => Apply(database, o));
                    break;
                default:
                    allocation.UseInMemory(o => o.LockTimeout = database.LockTimeout);
                    break;
            }

            allocation.UseConfiguredNotifications(configuration);
        });
        services.AddHealthChecks();
        services.AddAllocationSecurity(configuration);
        services.AddProblemDetails(ProblemDetailsSetup.Customize);
        services.AddExceptionHandler<AllocationExceptionHandler>();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict);
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddHttpLogging(o =>
        {
            o.LoggingFields = HttpLoggingFields.RequestMethod | HttpLoggingFields.RequestPath | HttpLoggingFields.ResponseStatusCode | HttpLoggingFields.Duration;
            o.CombineLogs = true;
        });
        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Allocation";
            document.Info.Description = "Allocates order lines to batches of stock. Errors are RFC 9457 problem details with a stable `code`.";
            return Task.CompletedTask;
        }));
        return services;
    }

    private static void Apply(DatabaseSettings settings, Adapters.Sql.AllocationDatabaseOptions options)
    {
        options.LockTimeout = settings.LockTimeout;
        options.CommandTimeout = settings.CommandTimeout;
        options.DurableCommits = settings.DurableCommits;
    }
}
