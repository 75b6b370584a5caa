using System.Net;
using Microsoft.Extensions.Options;

namespace Allocation.Host.Tests;

/// <summary>Optional API-key authentication: off by default, required on writes when configured, reads configurable.</summary>
public sealed class SecurityTests
{
    private const string Key = "a-long-random-secret-0123456789";

    [Test]
    public async Task With_keys_configured_writes_need_a_valid_key_and_reads_stay_open()
    {
        await using var app = WithKey();
        using var client = app.CreateClient();
        var batch = new { @ref = "b1", sku = "LAMP", qty = 5 };

        var without = await client.PostJsonAsync("/batches", batch);
        var wrong = await Send(client, HttpMethod.Post, "/batches", batch, "not-the-key-0123456789");
        var right = await Send(client, HttpMethod.Post, "/batches", batch, Key);

        await without.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        without.Headers.WwwAuthenticate.ToString().Should().Contain("X-Api-Key");
        await wrong.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        right.StatusCode.Should().Be(HttpStatusCode.Created);
        await (await client.PostJsonAsync("/allocate", new { orderid = "o1", sku = "LAMP", qty = 1 })).ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        await (await client.DeleteAsync("/allocations/o1/LAMP")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        (await client.GetAsync("/batches/b1")).StatusCode.Should().Be(HttpStatusCode.OK, "reads are open unless ProtectReads");
        (await client.GetAsync("/health/ready")).StatusCode.Should().Be(HttpStatusCode.OK, "probes never need a key");
    }

    [Test]
    public async Task Protect_reads_closes_the_read_routes_but_not_the_probes()
    {
        await using var app = WithKey(protectReads: true);
        using var client = app.CreateClient();

        await (await client.GetAsync("/batches/b1")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        await (await client.GetAsync("/products/LAMP")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        await (await client.GetAsync("/events")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        (await Send(client, HttpMethod.Get, "/events", null, Key)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await Send(client, HttpMethod.Get, "/batches/b1", null, Key)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await client.GetAsync("/health/live")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.GetAsync("/openapi/v1.json")).StatusCode.Should().Be(HttpStatusCode.OK);
        await (await client.GetAsync("/metrics")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        (await Send(client, HttpMethod.Get, "/metrics", null, Key)).StatusCode.Should().Be(HttpStatusCode.OK, "a scraper sends the key");
    }

    [Test]
    public async Task With_keys_configured_the_openapi_document_declares_the_key_on_the_routes_that_need_it()
    {
        await using var app = WithKey();
        using var client = app.CreateClient();

        var document = await (await client.GetAsync("/openapi/v1.json")).JsonAsync();

        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        scheme.GetProperty("type").GetString().Should().Be("apiKey");
        scheme.GetProperty("in").GetString().Should().Be("header");
        scheme.GetProperty("name").GetString().Should().Be("X-Api-Key");
        var allocate = document.GetProperty("paths").GetProperty("/allocations").GetProperty("post");
        allocate.GetProperty("security")[0].TryGetProperty("ApiKey", out _).Should().BeTrue();
        allocate.GetProperty("responses").TryGetProperty("401", out _).Should().BeTrue();
        var read = document.GetProperty("paths").GetProperty("/batches/{ref}").GetProperty("get");
        read.TryGetProperty("security", out _).Should().BeFalse("reads are open unless ProtectReads");
    }

    [Test]
    public async Task Protect_reads_declares_the_key_on_the_read_routes_too()
    {
        await using var app = WithKey(protectReads: true);
        using var client = app.CreateClient();

        var document = await (await client.GetAsync("/openapi/v1.json")).JsonAsync();

        var read = document.GetProperty("paths").GetProperty("/batches/{ref}").GetProperty("get");
        read.GetProperty("security")[0].TryGetProperty("ApiKey", out _).Should().BeTrue();
        document.GetProperty("paths").GetProperty("/").GetProperty("get").TryGetProperty("security", out _).Should().BeFalse("the service document stays open");
    }

    [Test]
    public async Task Without_keys_the_openapi_document_declares_no_security()
    {
        await using var app = AllocationApp.Sqlite();
        using var client = app.CreateClient();

        var document = await (await client.GetAsync("/openapi/v1.json")).JsonAsync();

        (document.TryGetProperty("components", out var components) && components.TryGetProperty("securitySchemes", out _)).Should().BeFalse();
        document.GetProperty("paths").GetProperty("/allocations").GetProperty("post").TryGetProperty("security", out _).Should().BeFalse();
    }

    [TestCase("Allocation:Security:ApiKeys:0", "short", "at least 16 characters")]
    [TestCase("Allocation:Security:ProtectReads", "true", "needs a credential")]
    public async Task Bad_security_settings_fail_at_start(string key, string value, string message)
    {
        await using var app = AllocationApp.Sqlite(new Dictionary<string, string?> { [key] = value });

        var start = () => app.CreateClient();

        start.Should().Throw<OptionsValidationException>().Where(e => e.Message.Contains(message, StringComparison.Ordinal));
    }

    /// <summary>A host with one API key configured, and reads protected too when asked.</summary>
    private static AllocationApp WithKey(bool protectReads = false) => AllocationApp.Sqlite(new Dictionary<string, string?>
    {
        ["Allocation:Security:ApiKeys:0"] = Key,
        ["Allocation:Security:ProtectReads"] = protectReads ? "true" : "false",
    });

    private static Task<HttpResponseMessage> Send(HttpClient client, HttpMethod method, string path, object? body, string key)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = System.Net.Http.Json.JsonContent.Create(body);
        }

        request.Headers.Add("X-Api-Key", key);
        return client.SendAsync(request);
    }
}
