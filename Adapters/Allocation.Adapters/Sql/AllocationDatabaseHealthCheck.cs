using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Allocation.Adapters.Sql;

/// <summary>Healthy when the database answers and its schema is current; registered as <c>allocation-database</c>.</summary>
/// <param name="database">The database to check.</param>
public sealed class AllocationDatabaseHealthCheck(AllocationDatabase database) : IHealthCheck
{
    /// <summary>The name the check is registered under.</summary>
    public const string Name = "allocation-database";

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var problem = await database.CheckAsync(cancellationToken).ConfigureAwait(false);
        return problem is null
            ? HealthCheckResult.Healthy($"The {database.Provider} database answers and its schema is current.")
            : new HealthCheckResult(context.Registration.FailureStatus, problem);
    }
}
