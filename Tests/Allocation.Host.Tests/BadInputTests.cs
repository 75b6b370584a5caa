using System.Net;
using System.Net.Http.Json;

namespace Allocation.Host.Tests;

/// <summary>Everything a client can get wrong is a 4xx problem with a code: never a 500.</summary>
public sealed class BadInputTests : SharedHostTest
{
    private protected override async Task SeedAsync() =>
        await Client.PostJsonAsync("/batches", new { @ref = "b1", sku = "LAMP", qty = 10, eta = (string?)null });

    [TestCase("/batches", "{\"ref\": \"x\",")]
    [TestCase("/allocations", "not json at all")]
    [TestCase("/allocations", "[1, 2, 3]")]
    [TestCase("/allocations", "")]
    [TestCase("/allocate", "{\"orderid\": ")]
    public async Task Malformed_json_is_a_malformed_request(string path, string body)
    {
        await (await Client.PostRawAsync(path, body)).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "malformed-request");
    }

    [TestCase("/allocations", """{"orderid":"o1","sku":"LAMP","qty":"two"}""", "qty")]
    [TestCase("/allocations", """{"orderid":"o1","sku":"LAMP","qty":2147483648}""", "qty")]
    [TestCase("/allocations", """{"orderid":"o1","sku":"LAMP","qty":1.5}""", "qty")]
    [TestCase("/allocations", """{"orderid":42,"sku":"LAMP","qty":1}""", "orderid")]
    [TestCase("/batches", """{"ref":"b9","sku":"LAMP","qty":1,"eta":20261201}""", "eta")]
    [TestCase("/batches", """{"ref":["b9"],"sku":"LAMP","qty":1}""", "ref")]
    public async Task A_field_of_the_wrong_type_is_named(string path, string body, string field)
    {
        var problem = await (await Client.PostRawAsync(path, body)).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation-failed");

        problem.ErrorFields().Should().Equal(field);
    }

    [TestCase("""{}""", new[] { "orderid", "qty", "sku" })]
    [TestCase("""{"orderid":null,"sku":null,"qty":null}""", new[] { "orderid", "qty", "sku" })]
    [TestCase("""{"orderid":"   ","sku":"LAMP","qty":1}""", new[] { "orderid" })]
    [TestCase("""{"orderid":"o1","sku":"LAMP","qty":0}""", new[] { "qty" })]
    [TestCase("""{"orderid":"o1","sku":"LAMP","qty":-3}""", new[] { "qty" })]
    [TestCase("""{"orderid":"o1","sku":"bad\u0000sku","qty":1}""", new[] { "sku" })]
    public async Task Missing_blank_or_out_of_range_fields_are_each_listed(string body, string[] fields)
    {
        var problem = await (await Client.PostRawAsync("/allocations", body)).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation-failed");

        problem.ErrorFields().Should().Equal(fields);
    }

    [TestCase("2026-02-30")]
    [TestCase("2026-13-01")]
    [TestCase("02/01/2011")]
    [TestCase("2011-01-03T10:00:00")]
    [TestCase("")]
    public async Task An_impossible_or_badly_written_date_is_refused(string eta)
    {
        var problem = await (await Client.PostJsonAsync("/batches", new { @ref = "b-date", sku = "LAMP", qty = 1, eta }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation-failed");

        problem.ErrorFields().Should().Equal("eta");
    }

    [Test]
    public async Task Identifiers_longer_than_255_characters_are_refused()
    {
        var problem = await (await Client.PostJsonAsync("/batches", new { @ref = new string('r', 256), sku = new string('s', 10_000), qty = 1 }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation-failed");

        problem.ErrorFields().Should().Equal("ref", "sku");
    }

    [Test]
    public async Task A_negative_batch_quantity_is_refused_but_zero_is_fine()
    {
        await (await Client.PostJsonAsync("/batches", new { @ref = "neg", sku = "LAMP", qty = -1 })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation-failed");
        (await Client.PostJsonAsync("/batches", new { @ref = "zero", sku = "LAMP", qty = 0 })).StatusCode.Should().Be(HttpStatusCode.Created);
    }

    [Test]
    public async Task A_body_that_is_not_json_is_an_unsupported_media_type()
    {
        await (await Client.PostRawAsync("/allocations", "orderid=o1&sku=LAMP&qty=1", "application/x-www-form-urlencoded"))
            .ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
        await (await Client.PostRawAsync("/allocations", "{}", "text/plain"))
            .ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
    }

    [Test]
    public async Task A_body_over_64_KiB_is_too_large()
    {
        var huge = $$"""{"orderid":"o1","sku":"LAMP","qty":1,"padding":"{{new string('x', 70_000)}}"}""";

        await (await Client.PostRawAsync("/allocations", huge)).ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
    }

    [Test]
    public async Task Unknown_routes_and_methods_are_problems_too()
    {
        await (await Client.GetAsync("/nowhere")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not-found");
        await (await Client.PutAsJsonAsync("/batches/b1", new { qty = 1 })).ShouldBeProblemAsync(HttpStatusCode.MethodNotAllowed, "method-not-allowed");
        await (await Client.DeleteAsync("/allocations/o1")).ShouldBeProblemAsync(HttpStatusCode.MethodNotAllowed, "method-not-allowed");
    }

    [Test]
    public async Task Deeply_nested_json_is_refused_without_a_crash()
    {
        var nested = string.Concat(Enumerable.Repeat("[", 5_000)) + string.Concat(Enumerable.Repeat("]", 5_000));

        var response = await Client.PostRawAsync("/allocations", $$"""{"orderid":"o1","sku":"LAMP","qty":1,"x":{{nested}}}""");

        ((int)response.StatusCode).Should().BeInRange(400, 499);
        await response.ShouldBeProblemAsync(response.StatusCode, "malformed-request");
    }

    [Test]
    public async Task Sql_in_identifiers_is_just_text()
    {
        const string sku = "LAMP'; DROP TABLE batches; --";
        (await Client.PostJsonAsync("/batches", new { @ref = "b'); DELETE FROM allocations; --", sku, qty = 3 })).StatusCode.Should().Be(HttpStatusCode.Created);

        var allocated = await Client.PostJsonAsync("/allocations", new { orderid = "o' OR '1'='1", sku, qty = 1 });

        allocated.StatusCode.Should().Be(HttpStatusCode.Created);
        (await (await Client.GetAsync("/batches/b1")).JsonAsync()).GetProperty("qty").GetInt32().Should().Be(10);
    }
}
