using System.Net;

namespace Allocation.Host.Tests;

/// <summary>The final Cosmic Python contract, so its clients switch without a change (its test_api.py, ported).</summary>
public sealed class ReferenceApiTests : HostTest
{
    [Test]
    public async Task Happy_path_returns_202_and_batch_is_allocated()
    {
        (await Client.PostJsonAsync("/add_batch", new { @ref = "batch1", sku = "sku1", qty = 100, eta = "2011-01-02" })).StatusCode.Should().Be(HttpStatusCode.Created);
        await Client.PostJsonAsync("/add_batch", new { @ref = "batch2", sku = "sku1", qty = 100, eta = "2011-01-01" });
        await Client.PostJsonAsync("/add_batch", new { @ref = "batch3", sku = "other", qty = 100, eta = (string?)null });

        var response = await Client.PostJsonAsync("/allocate", new { orderid = "order1", sku = "sku1", qty = 3 });

        response.StatusCode.Should().Be(HttpStatusCode.Accepted);
        (await response.JsonAsync()).ToString().Should().Be("""{"batchref":"batch2"}""");
        (await (await Client.GetAsync("/allocations/order1")).JsonAsync()).ToString()
            .Should().Be("""[{"sku":"sku1","batchref":"batch2"}]""");
    }

    [Test]
    public async Task Unhappy_path_returns_400_and_error_message()
    {
        var response = await Client.PostJsonAsync("/allocate", new { orderid = "order1", sku = "unknown-sku", qty = 20 });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "invalid-sku");
        problem.GetProperty("message").GetString().Should().Be("Invalid sku unknown-sku");
        (await Client.GetAsync("/allocations/order1")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Out_of_stock_is_202_with_a_null_batchref()
    {
        await Client.PostJsonAsync("/add_batch", new { @ref = "small", sku = "sku1", qty = 1, eta = (string?)null });

        var response = await Client.PostJsonAsync("/allocate", new { orderid = "order1", sku = "sku1", qty = 2 });

        response.StatusCode.Should().Be(HttpStatusCode.Accepted);
        (await response.JsonAsync()).ToString().Should().Be("""{"batchref":null}""");
    }

    [Test]
    public async Task Add_batch_refuses_what_post_batches_refuses()
    {
        await Client.PostJsonAsync("/add_batch", new { @ref = "b1", sku = "sku1", qty = 1, eta = (string?)null });

        await (await Client.PostJsonAsync("/add_batch", new { @ref = "b1", sku = "sku1", qty = 1, eta = (string?)null }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "duplicate-batch");
        await (await Client.PostJsonAsync("/add_batch", new { @ref = "b2", sku = "sku1", qty = 1, eta = "02/01/2011" }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation-failed");
    }
}
