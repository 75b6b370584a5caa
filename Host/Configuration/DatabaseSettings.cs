namespace Allocation.Host.Configuration;

/// <summary>The <c>Allocation:Database</c> section, plus <c>ConnectionStrings:Allocation</c>.</summary>
internal sealed class DatabaseSettings
{
    public const string SectionName = "Allocation:Database";

    /// <summary><c>sqlite</c> (default), <c>postgres</c>, or <c>inmemory</c> (nothing is kept after a restart).</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>Applies migrations when the host starts (default); turn off when a deployment step runs <c>migrate</c>.</summary>
    public bool MigrateOnStartup { get; set; } = true;

    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public bool DurableCommits { get; set; } = true;

    /// <summary>Bound from <c>ConnectionStrings:Allocation</c>.</summary>
    public string? ConnectionString { get; set; }

    public static readonly string[] Providers = ["sqlite", "postgres", "inmemory"];

    /// <summary>Every problem with the settings, each naming the setting.</summary>
    public IEnumerable<string> Problems()
    {
        if (!Providers.Contains(Provider, StringComparer.OrdinalIgnoreCase))
        {
            yield return $"{SectionName}:Provider must be one of {string.Join(", ", Providers)} (got '{Provider}').";
        }
        else if (!Provider.Equals("inmemory", StringComparison.OrdinalIgnoreCase) && string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return $"ConnectionStrings:Allocation is required for the {Provider} provider.";
        }

        if (LockTimeout <= TimeSpan.Zero || LockTimeout > TimeSpan.FromMinutes(10))
        {
            yield return $"{SectionName}:LockTimeout must be more than zero and at most 00:10:00 (got {LockTimeout}).";
        }

        if (CommandTimeout <= TimeSpan.Zero || CommandTimeout > TimeSpan.FromHours(1))
        {
            yield return $"{SectionName}:CommandTimeout must be more than zero and at most 01:00:00 (got {CommandTimeout}).";
        }
    }
}
