using System.Net;
using System.Text;

namespace Allocation.Host.Tests;

/// <summary>One identifier rule through every door: JSON, CSV and routes agree, and a JSON body names each field once.</summary>
public sealed class IdentifierOverHttpTests
{
    [TestCase("\u200B")]
    [TestCase("b\u202E1")]
    [TestCase("\uFEFFb1")]
    [TestCase(" b1")]
    [TestCase("cafe\u0301")]
    [TestCase(".")]
    public async Task An_invisible_padded_or_unnormalised_reference_is_refused_in_json_and_in_csv_alike(string reference)
    {
        await using var app = AllocationApp.Sqlite();
        using var client = app.CreateClient();

        var json = await client.PostJsonAsync("/batches", new { @ref = reference, sku = "LAMP", qty = 5 });
        var csv = await (await client.PostAsync("/batches:import",
            new StringContent($"ref,sku,qty,eta\n{reference},LAMP,5,\n", Encoding.UTF8, "text/csv"))).JsonAsync();

        await json.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation-failed");
        csv.GetProperty("added").GetInt64().Should().Be(0);
        csv.GetProperty("refused")[0].GetProperty("line").GetInt64().Should().Be(2);
    }

    [Test]
    public async Task A_json_body_that_names_a_field_twice_in_any_case_is_refused()
    {
        await using var app = AllocationApp.Sqlite();
        using var client = app.CreateClient();
        await client.PostJsonAsync("/batches", new { @ref = "b1", sku = "LAMP", qty = 5 });

        var twice = await client.PostAsync("/allocations",
            new StringContent("""{"orderid": "A", "OrderId": "B", "sku": "LAMP", "qty": 1}""", Encoding.UTF8, "application/json"));

        ((int)twice.StatusCode).Should().Be(400, await twice.Content.ReadAsStringAsync());
        (await client.GetAsync("/allocations/B")).StatusCode.Should().NotBe(HttpStatusCode.OK);
    }
}
