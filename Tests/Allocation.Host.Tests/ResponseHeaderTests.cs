using System.Net;

namespace Allocation.Host.Tests;

/// <summary>The security headers operations.md promises are on every response, errors from the exception handler included.</summary>
public sealed class ResponseHeaderTests
{
    [Test]
    public async Task Every_answer_success_refusal_or_failure_carries_the_security_headers()
    {
        await using var app = AllocationApp.Sqlite();
        using var client = app.CreateClient();
        await client.PostJsonAsync("/batches", new { @ref = "b1", sku = "LAMP", qty = 1 });

        var answers = new Dictionary<string, HttpResponseMessage>
        {
            ["201"] = await client.PostJsonAsync("/allocations", new { orderid = "o1", sku = "LAMP", qty = 1 }),
            ["400"] = await client.PostJsonAsync("/allocations", new { orderid = "o2", sku = "NOPE", qty = 1 }),
            ["409"] = await client.PostJsonAsync("/allocations", new { orderid = "o3", sku = "LAMP", qty = 1 }),
            ["413"] = await client.PostAsync("/batches", new StringContent(new string(' ', 70_000) + "{}", System.Text.Encoding.UTF8, "application/json")),
            ["404"] = await client.GetAsync("/no/such/route"),
            ["405"] = await client.DeleteAsync("/batches"),
        };

        foreach (var (status, response) in answers)
        {
            ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture).Should().Be(status);
            response.Headers.GetValues("X-Content-Type-Options").Should().Equal(["nosniff"], $"the {status} carries it");
            response.Headers.GetValues("X-Frame-Options").Should().Equal(["DENY"], $"the {status} carries it");
            response.Headers.GetValues("Content-Security-Policy").Single().Should().Contain("default-src 'none'", $"the {status} carries it");
            response.Headers.GetValues("Referrer-Policy").Should().Equal(["no-referrer"], $"the {status} carries it");
            response.Headers.CacheControl!.NoStore.Should().BeTrue($"the {status} carries it");
        }
    }

    [Test]
    public async Task A_503_from_the_exception_handler_carries_them_too()
    {
        await using var app = AllocationApp.Sqlite(new Dictionary<string, string?>
        {
            ["Allocation:Database:Provider"] = "postgres",
            ["ConnectionStrings:Allocation"] = "Host=127.0.0.1;Port=1;Username=u;Password=p;Timeout=2",
            ["Allocation:Database:MigrateOnStartup"] = "false",
            ["Allocation:Retry:MaxRetryAttempts"] = "1",
        });
        using var client = app.CreateClient();

        var response = await client.PostJsonAsync("/allocations", new { orderid = "o1", sku = "LAMP", qty = 1 });

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        response.Headers.GetValues("X-Content-Type-Options").Should().Equal(["nosniff"]);
        response.Headers.GetValues("Content-Security-Policy").Should().ContainSingle();
    }
}
