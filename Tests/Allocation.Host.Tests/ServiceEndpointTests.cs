using System.Text.Json;
using System.Net;

namespace Allocation.Host.Tests;

public sealed class ServiceEndpointTests : SharedHostTest
{
    [Test]
    public async Task The_root_names_the_service_and_links_onward()
    {
        var root = await (await Client.GetAsync("/")).JsonAsync();

        root.GetProperty("name").GetString().Should().Be("Allocation");
        root.GetProperty("version").GetString().Should().NotBeNullOrEmpty();
        root.GetProperty("links").GetProperty("openapi").GetString().Should().Be("/openapi/v1.json");
    }

    [Test]
    public async Task Liveness_and_readiness_answer_healthy_with_the_database_check()
    {
        var live = await Client.GetAsync("/health/live");
        var ready = await (await Client.GetAsync("/health/ready")).JsonAsync();

        live.StatusCode.Should().Be(HttpStatusCode.OK);
        ready.GetProperty("status").GetString().Should().Be("Healthy");
        ready.GetProperty("checks")[0].GetProperty("name").GetString().Should().Be("allocation-database");
    }

    [Test]
    public async Task The_openapi_document_describes_every_route_and_its_errors()
    {
        var document = await (await Client.GetAsync("/openapi/v1.json")).JsonAsync();
        var paths = document.GetProperty("paths");

        paths.EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo(
            "/", "/batches", "/batches:import", "/batches/{ref}", "/products", "/products/{sku}", "/products/{sku}/allocations", "/allocations", "/allocations/{orderid}",
            "/allocations/{orderid}/{sku}", "/add_batch", "/allocate", "/events", "/events/stream", "/events/subscriptions",
            "/events/parked", "/events/parked/{subscriber}/{position}/replay", "/events/parked/{subscriber}/{position}",
            "/events/subscriptions/{subscriber}/skip-trimmed", "/stock", "/orders/{orderid}", "/events/activity", "/events/newest", "/inbound/parked", "/inbound/parked/{id}/requeue", "/inbound/parked/{id}");
        var allocate = paths.GetProperty("/allocations").GetProperty("post");
        allocate.GetProperty("responses").EnumerateObject().Select(r => r.Name).Should().Contain(["201", "200", "400", "409", "503"]);
        allocate.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _).Should().BeTrue();
    }

    [Test]
    public async Task Every_operation_has_a_summary_every_body_an_example_and_every_write_its_problems()
    {
        var document = await (await Client.GetAsync("/openapi/v1.json")).JsonAsync();
        var bodies = 0;

        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var name = $"{operation.Name.ToUpperInvariant()} {path.Name}";
                operation.Value.TryGetProperty("summary", out var summary).Should().BeTrue(name);
                summary.GetString().Should().NotBeNullOrWhiteSpace(name);
                if (operation.Value.TryGetProperty("requestBody", out var body))
                {
                    bodies++;
                    body.GetProperty("content").EnumerateObject().Select(m => m.Value.TryGetProperty("example", out var example) && example.ValueKind != JsonValueKind.Null)
                        .Should().OnlyContain(hasExample => hasExample, $"{name} has a request example");
                    operation.Value.GetProperty("responses").TryGetProperty("400", out _).Should().BeTrue($"{name} declares its 400 problem");
                }
            }
        }

        bodies.Should().Be(6, "POST /batches, POST /batches:import, PATCH /batches/{ref}, POST /allocations, POST /add_batch and POST /allocate take a body");
    }

    [Test]
    public async Task The_openapi_document_is_fit_for_a_client_generator()
    {
        var document = await (await Client.GetAsync("/openapi/v1.json")).JsonAsync();
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var paths = document.GetProperty("paths");

        schemas.EnumerateObject().Select(s => s.Name).Should().NotContain(name => name.Contains("Anonymous", StringComparison.Ordinal), "GET / answers a named type");
        schemas.GetProperty("ProblemDetails").GetProperty("properties").EnumerateObject().Select(p => p.Name)
            .Should().Contain(["code", "traceId", "errors", "status", "title", "detail"]);
        paths.GetProperty("/batches/{ref}").GetProperty("get").GetProperty("responses").TryGetProperty("404", out _).Should().BeTrue();
        paths.GetProperty("/allocations/{orderid}").GetProperty("get").GetProperty("responses").TryGetProperty("404", out _).Should().BeTrue();
        schemas.GetProperty("EventResponse").GetProperty("discriminator").GetProperty("mapping").EnumerateObject().Select(m => m.Name)
            .Should().BeEquivalentTo("Allocated", "Deallocated", "AllocationLost", "BatchAdded", "BatchQuantityChanged", "OutOfStock");
        schemas.GetProperty("AllocatedPayload").GetProperty("required").EnumerateArray().Select(f => f.GetString())
            .Should().BeEquivalentTo("orderid", "sku", "qty", "batchref");

        foreach (var path in paths.EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var name = $"{operation.Name.ToUpperInvariant()} {path.Name}";
                var summary = operation.Value.GetProperty("summary").GetString()!;
                summary.Should().NotContain(".", name).And.NotContain("\n", name);
                summary.Length.Should().BeLessThanOrEqualTo(50, name);
                var parameters = operation.Value.TryGetProperty("parameters", out var list) ? list.EnumerateArray().ToList() : [];
                foreach (var number in parameters.Where(p => p.GetProperty("name").GetString() is "limit" or "wait"
                    || (p.GetProperty("name").GetString() == "after" && path.Name != "/products")))
                {
                    number.GetProperty("schema").GetProperty("type").GetString().Should().Be("integer", $"{name} ?{number.GetProperty("name")}");
                }

                foreach (var response in operation.Value.GetProperty("responses").EnumerateObject().Where(r => r.Name[0] is '4' or '5'))
                {
                    response.Value.GetProperty("content").GetProperty("application/problem+json").GetProperty("schema").GetProperty("$ref").GetString()
                        .Should().Be("#/components/schemas/ProblemDetails", $"{name} {response.Name}");
                }
            }
        }
    }

    [Test]
    public async Task Responses_carry_security_headers()
    {
        var response = await Client.GetAsync("/");

        response.Headers.GetValues("X-Content-Type-Options").Should().Equal("nosniff");
        response.Headers.GetValues("X-Frame-Options").Should().Equal("DENY");
        response.Headers.CacheControl!.NoStore.Should().BeTrue();
    }
}
