using Microsoft.Extensions.Options;

namespace Allocation.Host.Configuration;

/// <summary>
/// What only the host decides about the store: which engine, where, and whether to migrate at
/// start. The store's own settings (<c>LockTimeout</c>, <c>CommandTimeout</c>, <c>DurableCommits</c>)
/// are bound from the same section straight onto the adapter's <c>AllocationDatabaseOptions</c>.
/// </summary>
internal sealed class DatabaseSettings
{
    public const string SectionName = "Allocation:Database";

    public static readonly string[] Providers = ["sqlite", "postgres", "inmemory"];

    /// <summary><c>sqlite</c> (default), <c>postgres</c>, or <c>inmemory</c> (nothing is kept after a restart).</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>Applies migrations when the host starts (default); turn off when a deployment step runs <c>migrate</c>.</summary>
    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>From <c>ConnectionStrings:Allocation</c>.</summary>
    public string? ConnectionString { get; set; }

    public bool IsInMemory => Provider.Equals("inmemory", StringComparison.OrdinalIgnoreCase);
}

/// <summary>Checks <see cref="DatabaseSettings"/> when the host starts, naming each wrong setting.</summary>
internal sealed class DatabaseSettingsValidator : IValidateOptions<DatabaseSettings>
{
    public ValidateOptionsResult Validate(string? name, DatabaseSettings options)
    {
        if (!DatabaseSettings.Providers.Contains(options.Provider, StringComparer.OrdinalIgnoreCase))
        {
            return ValidateOptionsResult.Fail(
                $"{DatabaseSettings.SectionName}:Provider must be one of {string.Join(", ", DatabaseSettings.Providers)} (got '{options.Provider}').");
        }

        return !options.IsInMemory && string.IsNullOrWhiteSpace(options.ConnectionString)
            ? ValidateOptionsResult.Fail($"ConnectionStrings:Allocation is required for the {options.Provider} provider.")
            : ValidateOptionsResult.Success;
    }
}
