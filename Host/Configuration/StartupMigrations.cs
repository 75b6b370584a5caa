using Allocation.Adapters.Sql;
using Microsoft.Extensions.Options;

namespace Allocation.Host.Configuration;

/// <summary>Applies the schema migrations at start-up (unless turned off), or as the <c>migrate</c> command.</summary>
internal static partial class StartupMigrations
{
    public static async Task MigrateAsync(this WebApplication app, bool onStartupOnly)
    {
        var settings = app.Services.GetRequiredService<IOptions<DatabaseSettings>>().Value; // validates the settings first
        var database = app.Services.GetService<AllocationDatabase>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Allocation.Migrations");
        if (database is null || (onStartupOnly && !settings.MigrateOnStartup))
        {
            LogSkipped(logger, settings.Provider);
            return;
        }

        var applied = await database.MigrateAsync(app.Lifetime.ApplicationStopping);
        LogMigrated(logger, database.Provider, applied.Count, applied);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Migrations not run at start-up (provider {Provider})")]
    private static partial void LogSkipped(ILogger logger, string provider);

    [LoggerMessage(Level = LogLevel.Information, Message = "The {Provider} schema is current; applied {Count} migration(s) now: {Applied}")]
    private static partial void LogMigrated(ILogger logger, string provider, int count, IReadOnlyList<string> applied);
}
