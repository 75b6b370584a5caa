using Microsoft.Extensions.DependencyInjection;

namespace Allocation.Application;

/// <summary>
/// Chooses Allocation's store inside <c>services.AddAllocation(...)</c>: the adapter packages add
/// <c>UseSqlite</c>, <c>UsePostgres</c> and <c>UseInMemory</c> to it.
/// </summary>
public sealed class AllocationBuilder
{
    internal AllocationBuilder(IServiceCollection services) => Services = services;

    /// <summary>The service collection being configured.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Adjusts the application's options (applied after any configuration binding).</summary>
    /// <param name="configure">Changes the options.</param>
    /// <returns>This builder.</returns>
    public AllocationBuilder Configure(Action<AllocationOptions> configure)
    {
        Services.Configure(configure);
        return this;
    }
}
