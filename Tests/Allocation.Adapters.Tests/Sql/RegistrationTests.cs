using Allocation.Adapters.Sql;
using Allocation.Application;
using Allocation.Application.Ports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Allocation.Adapters.Tests.Sql;

public sealed class RegistrationTests
{
    [Test]
    public async Task Sqlite_registration_wires_the_store_the_service_and_a_ready_health_check()
    {
        await using var empty = EmptyDatabase.Sqlite();
        await using var provider = new ServiceCollection()
            .AddLogging()
            .AddAllocationApplication()
            .AddAllocationSqlite(empty.ConnectionString)
            .AddAllocationSqlite("Data Source=ignored.db")
            .BuildServiceProvider();
        var database = provider.GetRequiredService<AllocationDatabase>();

        provider.GetRequiredService<IUnitOfWorkFactory>().Should().BeSameAs(database.UnitsOfWork);
        provider.GetRequiredService<IAllocationQueries>().Should().BeSameAs(database.Queries);
        var health = provider.GetRequiredService<HealthCheckService>();
        var before = await health.CheckHealthAsync(check => check.Tags.Contains("ready"));
        await database.MigrateAsync();
        var after = await health.CheckHealthAsync(check => check.Tags.Contains("ready"));
        await provider.GetRequiredService<AllocationService>().AddBatchAsync("b1", "SKU", 1, null);

        before.Entries.Keys.Should().Equal(AllocationDatabaseHealthCheck.Name, "allocation-events");
        before.Status.Should().Be(HealthStatus.Unhealthy);
        after.Status.Should().Be(HealthStatus.Healthy);
        (await database.Queries.BatchAsync("b1")).Should().NotBeNull();
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("  ")]
    public void A_missing_connection_string_is_refused_at_registration_naming_what_to_set(string? missing)
    {
        var sqlite = () => new ServiceCollection().AddAllocation(a => a.UseSqlite(missing));
        var postgres = () => new ServiceCollection().AddAllocation(a => a.UsePostgres(missing));

        sqlite.Should().Throw<ArgumentException>().WithParameterName("connectionString")
            .WithMessage("No connection string for the SQLite store*Data Source=allocation.db*ConnectionStrings:Allocation*");
        postgres.Should().Throw<ArgumentException>().WithParameterName("connectionString")
            .WithMessage("No connection string for the PostgreSQL store*ConnectionStrings:Allocation*");
    }
}
