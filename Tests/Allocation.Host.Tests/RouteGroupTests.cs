using System.Net;
using Allocation.Host.Configuration;
using Allocation.Host.Endpoints;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;

namespace Allocation.Host.Tests;

/// <summary>The API mapped under a route group prefix, over a real socket: route values still round-trip exactly.</summary>
public sealed class RouteGroupTests
{
    [Test]
    public async Task Under_a_prefixed_group_identifiers_with_slashes_round_trip()
    {
        var directory = Directory.CreateTempSubdirectory("allocation-prefix-").FullName;
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Allocation"] = $"Data Source={Path.Combine(directory, "prefix.db")}",
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddAllocationHost(builder.Configuration);
        await using var app = builder.Build();
        await app.MigrateAsync(onStartupOnly: true);
        app.UseAllocationPipeline();
        app.MapGroup("/api/v1").MapAllocationApi();
        await app.StartAsync();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
            const string Tricky = "a/b%2Fc";
            var escaped = Uri.EscapeDataString(Tricky);

            (await client.PostJsonAsync("/api/v1/batches", new { @ref = Tricky, sku = Tricky, qty = 5 })).StatusCode.Should().Be(HttpStatusCode.Created);
            (await client.PostJsonAsync("/api/v1/allocations", new { orderid = Tricky, sku = Tricky, qty = 2 })).StatusCode.Should().Be(HttpStatusCode.Created);

            (await (await client.GetAsync($"/api/v1/batches/{escaped}")).JsonAsync()).GetProperty("ref").GetString().Should().Be(Tricky);
            (await (await client.GetAsync($"/api/v1/products/{escaped}")).JsonAsync()).GetProperty("sku").GetString().Should().Be(Tricky);
            (await (await client.GetAsync($"/api/v1/allocations/{escaped}")).JsonAsync()).ToString()
                .Should().Be($$"""[{"sku":"{{Tricky}}","batchref":"{{Tricky}}"}]""");
            (await client.DeleteAsync($"/api/v1/allocations/{escaped}/{escaped}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
            await (await client.GetAsync("/batches/x")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not-found");
        }
        finally
        {
            await app.StopAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }
}
