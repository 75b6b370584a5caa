using System.Net;
using Allocation.TestSupport;
using System.Net.Sockets;
using Allocation.Adapters.Sql;
using Allocation.Application;
using Allocation.Application.Errors;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Allocation.Adapters.Tests.Sql;

public sealed class UnavailableDatabaseTests
{
    [Test]
    public async Task An_unreachable_postgres_server_is_a_transient_store_error_retried_then_reported()
    {
        await using var database = AllocationDatabase.Postgres($"Host=127.0.0.1;Port={ClosedPort()};Username=u;Password=p;Timeout=2");
        var counting = new CountingUnitOfWorkFactory(database.UnitsOfWork);
        var options = Options.Create(new AllocationOptions { Retry = { MaxRetryAttempts = 2, BaseDelay = TimeSpan.Zero, MaxDelay = TimeSpan.Zero } });
        var service = new AllocationService(counting, database.Queries, options, NullLogger<AllocationService>.Instance);

        var allocate = () => service.AllocateAsync("o1", "SKU", 1);
        var read = () => service.GetBatchAsync("b1");

        (await allocate.Should().ThrowAsync<StoreUnavailableException>()).Which.IsTransient.Should().BeTrue();
        counting.Created.Should().Be(3, "a transient fault is retried");
        await read.Should().ThrowAsync<StoreUnavailableException>();
    }

    [Test]
    public async Task A_sqlite_file_that_cannot_be_opened_is_a_store_error()
    {
        await using var database = AllocationDatabase.Sqlite($"Data Source=/nonexistent-{Guid.NewGuid():N}/allocation.db");

        var act = () => database.MigrateAsync();

        (await act.Should().ThrowAsync<StoreUnavailableException>()).Which.IsTransient.Should().BeFalse();
    }

    [Test]
    public void A_postgres_connection_string_without_a_host_is_refused()
    {
        var act = () => AllocationDatabase.Postgres("Username=u");

        act.Should().Throw<ArgumentException>();
    }

    [TestCase(0)]
    [TestCase(-1)]
    public void A_lock_timeout_that_is_not_positive_is_refused(int seconds)
    {
        var act = () => AllocationDatabase.Sqlite("Data Source=x.db", o => o.LockTimeout = TimeSpan.FromSeconds(seconds));

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("LockTimeout");
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port; // closed again when the listener stops
    }
}
