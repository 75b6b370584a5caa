using Allocation.Application.Events;
using Allocation.Application.Ports;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Allocation.Adapters.Sql;

/// <summary>
/// Degraded while events do not flow as they should: a running transaction has held readers back
/// for longer than <see cref="EventsOptions.HoldBackWarning"/>, or a subscriber has stopped because
/// retention deleted events it had not read. Registered as <c>allocation-events</c>, tagged
/// <c>ready</c>. It never reports Unhealthy: requests are still served.
/// </summary>
/// <param name="log">The event log.</param>
/// <param name="lag">How far each subscriber is behind.</param>
/// <param name="options">Where the warning threshold comes from.</param>
internal sealed class EventLogHealthCheck(IEventLog log, SubscriptionLag lag, IOptions<EventsOptions> options) : IHealthCheck
{
    /// <summary>The name the check is registered under.</summary>
    public const string Name = "allocation-events";

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var problems = new List<string>();
        var holdBack = await log.HoldBackAsync(cancellationToken).ConfigureAwait(false);
        if (holdBack > options.Value.HoldBackWarning)
        {
            problems.Add($"A transaction open for {holdBack.TotalSeconds:0} s holds readers back: events committed since are not delivered until it ends.");
        }

        foreach (var behind in await lag.ReadAsync(countUpTo: 1, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (behind.Lag.TrimmedThrough is { } through)
            {
                problems.Add($"Subscriber {behind.Subscriber} has stopped at position {behind.State?.Position ?? 0}: retention deleted events up to {through} before it read them.");
            }
        }

        return problems.Count == 0
            ? HealthCheckResult.Healthy("Events are readable as they commit, and every subscriber can read on.")
            : HealthCheckResult.Degraded(string.Join(" ", problems));
    }
}
