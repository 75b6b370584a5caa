using System.Net;
using System.Net.Sockets;
using Allocation.Application.Ports;
using Allocation.Application.Reads;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Allocation.Host.Tests;

/// <summary>What the host says when its configuration, its database or its own code fails.</summary>
public sealed class FailureTests
{
    [TestCase("Allocation:Database:Provider", "oracle", "Allocation:Database:Provider must be one of")]
    [TestCase("ConnectionStrings:Allocation", "", "ConnectionStrings:Allocation is required")]
    [TestCase("Allocation:Database:LockTimeout", "00:00:00", "Allocation:Database:LockTimeout must be")]
    [TestCase("Allocation:Retry:MaxRetryAttempts", "-1", "Allocation:Retry:MaxRetryAttempts must be")]
    public async Task Bad_configuration_fails_at_start_naming_the_setting(string key, string value, string message)
    {
        await using var app = AllocationApp.Sqlite(new Dictionary<string, string?> { [key] = value });

        var start = () => app.CreateClient();

        start.Should().Throw<OptionsValidationException>().Where(e => e.Message.Contains(message, StringComparison.Ordinal));
    }

    [Test]
    public async Task The_in_memory_provider_needs_no_connection_string()
    {
        await using var app = AllocationApp.Sqlite(new Dictionary<string, string?>
        {
            ["Allocation:Database:Provider"] = "inmemory",
            ["ConnectionStrings:Allocation"] = "",
        });
        using var client = app.CreateClient();

        (await client.PostJsonAsync("/batches", new { @ref = "mem-1", sku = "LAMP", qty = 5 })).StatusCode.Should().Be(System.Net.HttpStatusCode.Created);
        (await client.PostJsonAsync("/allocations", new { orderid = "o1", sku = "LAMP", qty = 2 })).StatusCode.Should().Be(System.Net.HttpStatusCode.Created);
    }

    [Test]
    public async Task An_unreachable_database_is_503_with_retry_after_and_readiness_fails()
    {
        await using var app = AllocationApp.Sqlite(new Dictionary<string, string?>
        {
            ["Allocation:Database:Provider"] = "postgres",
            ["ConnectionStrings:Allocation"] = $"Host=127.0.0.1;Port={ClosedPort()};Username=u;Password=p;Timeout=2",
            ["Allocation:Database:MigrateOnStartup"] = "false",
            ["Allocation:Retry:MaxRetryAttempts"] = "1",
        });
        using var client = app.CreateClient();

        var response = await client.PostJsonAsync("/allocations", new { orderid = "o1", sku = "LAMP", qty = 1 });
        var ready = await client.GetAsync("/health/ready");

        await response.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable, "store-unavailable");
        response.Headers.RetryAfter.Should().NotBeNull();
        ready.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
    }

    [Test]
    public async Task An_unexpected_exception_is_a_500_problem_without_internals()
    {
        await using var app = AllocationApp.Sqlite();
        using var client = app.WithWebHostBuilder(builder => builder.ConfigureServices(services =>
            services.AddSingleton<IAllocationQueries, BrokenQueries>())).CreateClient();

        var response = await client.GetAsync("/batches/b1");

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.InternalServerError, "internal-error");
        problem.ToString().Should().NotContain("secret connection detail").And.NotContain("BrokenQueries");
        problem.GetProperty("traceId").GetString().Should().NotBeNullOrEmpty();
    }

    [Test]
    public async Task A_rule_failure_the_host_has_no_mapping_for_is_a_loud_500_not_a_quiet_400()
    {
        await using var app = AllocationApp.Sqlite();
        using var client = app.WithWebHostBuilder(builder => builder.ConfigureServices(services =>
            services.AddSingleton<IUnitOfWorkFactory, RaisingAnUnmappedRule>())).CreateClient();

        var response = await client.PostJsonAsync("/allocations", new { orderid = "o1", sku = "LAMP", qty = 1 });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.InternalServerError, "internal-error");
        problem.GetProperty("traceId").GetString().Should().NotBeNullOrEmpty();
        problem.ToString().Should().NotContain("never told about");
    }

    [Test]
    public async Task A_conflict_that_outlasts_the_retries_is_a_409()
    {
        await using var app = AllocationApp.Sqlite(new Dictionary<string, string?> { ["Allocation:Retry:MaxRetryAttempts"] = "2", ["Allocation:Retry:BaseDelay"] = "00:00:00" });
        using var client = app.WithWebHostBuilder(builder => builder.ConfigureServices(services =>
            services.AddSingleton<IUnitOfWorkFactory, AlwaysConflicting>())).CreateClient();

        var response = await client.PostJsonAsync("/allocations", new { orderid = "o1", sku = "LAMP", qty = 1 });

        await response.ShouldBeProblemAsync(HttpStatusCode.Conflict, "concurrency-conflict");
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class AlwaysConflicting : IUnitOfWorkFactory
    {
        public IUnitOfWork Create() => throw new Allocation.Application.Errors.ConcurrencyConflictException("LAMP", 1);
    }

    private sealed class RaisingAnUnmappedRule : IUnitOfWorkFactory
    {
        public IUnitOfWork Create() => throw new UnmappedRule();
    }

    private sealed class UnmappedRule() : Allocation.Domain.Errors.AllocationException("brand-new-rule", "A rule this host was never told about.");

    private sealed class BrokenQueries : IAllocationQueries
    {
        public Task<IReadOnlyList<OrderAllocation>> AllocationsForOrderAsync(string orderId, CancellationToken cancellationToken = default) => throw Bug();

        public Task<BatchView?> BatchAsync(string reference, CancellationToken cancellationToken = default) => throw Bug();

        public Task<IReadOnlyList<BatchView>> BatchesAsync(IReadOnlyList<string> references, CancellationToken cancellationToken = default) => throw Bug();

        public Task<ProductView?> ProductAsync(string sku, CancellationToken cancellationToken = default) => throw Bug();

        public Task<IReadOnlyList<ProductSummary>> ProductsAsync(string afterSku, int limit, CancellationToken cancellationToken = default) => throw Bug();

        public Task<IReadOnlyList<ProductAllocation>> AllocationsOfProductAsync(string sku, long after, int limit, CancellationToken cancellationToken = default) =>
            throw Bug();

        private static InvalidOperationException Bug() => new("secret connection detail");
    }
}
