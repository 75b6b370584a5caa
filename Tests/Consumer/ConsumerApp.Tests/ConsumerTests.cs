using System.Net;
using System.Net.Http.Json;
using Allocation.Adapters.InMemory;
using Allocation.Application;
using Allocation.Domain.Errors;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Events = Allocation.Domain.Events;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using NUnit.Framework;

namespace ConsumerApp.Tests;

public sealed class ConsumerTests
{
    [Test]
    public async Task Our_endpoint_allocates_through_the_packaged_service_on_sqlite()
    {
        var file = Path.Combine(Path.GetTempPath(), $"consumer-{Guid.NewGuid():N}.db");
        await using var app = new WebApplicationFactory<Program>().WithWebHostBuilder(host =>
            host.UseSetting("ConnectionStrings:Allocation", $"Data Source={file}"));
        using var client = app.CreateClient();

        (await client.PostAsJsonAsync("/stock", new Stock("batch-1", "LAMP", 10, null))).StatusCode.Should(HttpStatusCode.Created);
        var response = await client.PostAsJsonAsync("/orders/order-1/lines", new Line("LAMP", 3));

        response.StatusCode.Should(HttpStatusCode.OK);
        Assert.That((await response.Content.ReadFromJsonAsync<Allocated>())!.BatchReference, Is.EqualTo("batch-1"));
        var outOfStock = await client.PostAsJsonAsync("/orders/order-2/lines", new Line("LAMP", 8));
        var unknownSku = await client.PostAsJsonAsync("/orders/order-3/lines", new Line("NO-SUCH-SKU", 1));
        Assert.That((int)outOfStock.StatusCode, Is.EqualTo(409));
        Assert.That(await outOfStock.Content.ReadAsStringAsync(), Does.Contain("\"code\":\"out-of-stock\""));
        Assert.That((int)unknownSku.StatusCode, Is.EqualTo(400), "Allocation.AspNetCore answers invalid-sku as the host does");
        Assert.That(unknownSku.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(await unknownSku.Content.ReadAsStringAsync(), Does.Contain("\"code\":\"invalid-sku\""));
        await app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var leftover in Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(file) + "*"))
        {
            File.Delete(leftover);
        }
    }

    [Test]
    public async Task Our_code_is_unit_tested_against_the_in_memory_fake()
    {
        var store = new InMemoryAllocationStore();
        var allocation = new AllocationService(new InMemoryUnitOfWorkFactory(store), new InMemoryAllocationQueries(store));
        await allocation.AddBatchAsync("warehouse", "LAMP", 5, eta: null);
        await allocation.AddBatchAsync("shipment", "LAMP", 50, eta: new DateOnly(2026, 12, 1));

        var first = await allocation.AllocateAsync("order-1", "LAMP", 5);
        var second = await allocation.AllocateAsync("order-2", "LAMP", 1);

        Assert.That(first.BatchReference, Is.EqualTo("warehouse"));
        Assert.That(second.BatchReference, Is.EqualTo("shipment"));
        Assert.ThrowsAsync<OutOfStockException>(() => allocation.AllocateAsync("order-3", "LAMP", 100));
    }
}

public sealed class ConsumerEventTests
{
    [Test]
    public async Task Our_event_handler_registered_in_one_line_is_tested_against_the_in_memory_store()
    {
        var shipped = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAllocation(a => a.UseInMemory()
            .OnEvent<Events.Allocated>("shipping", (e, _) => { shipped.TrySetResult($"{e.OrderId}:{e.BatchReference}"); return Task.CompletedTask; }));
        using var host = builder.Build();
        await host.StartAsync();
        var allocation = host.Services.GetRequiredService<AllocationService>();
        await allocation.AddBatchAsync("warehouse", "LAMP", 5, eta: null);
        await allocation.AllocateAsync("order-1", "LAMP", 2);

        Assert.That(await shipped.Task.WaitAsync(TimeSpan.FromSeconds(10)), Is.EqualTo("order-1:warehouse"));
        await host.StopAsync();
    }
}

internal static class StatusAssertions
{
    public static void Should(this HttpStatusCode actual, HttpStatusCode expected) => Assert.That(actual, Is.EqualTo(expected));
}
