using System.Net;

namespace Allocation.Host.Tests;

/// <summary>Every error is a problem document, whatever the client's <c>Accept</c> says: never an empty 500.</summary>
public sealed class ProblemNegotiationTests
{
    private static readonly string[] NonJsonAccepts = ["text/plain", "text/html", "application/xml", "text/event-stream"];

    [Test]
    public async Task A_challenge_is_a_401_problem_for_a_client_that_accepts_no_json()
    {
        await using var app = AllocationApp.Sqlite(new Dictionary<string, string?>
        {
            ["Allocation:Security:ApiKeys:0"] = "a-long-random-secret-0123456789",
            ["Allocation:Security:ProtectReads"] = "true",
        });
        using var client = app.CreateClient();

        foreach (var accept in NonJsonAccepts)
        {
            foreach (var path in new[] { "/products", "/events/stream", "/batches/b1" })
            {
                using var response = await client.SendAsync(Get(path, accept));
                await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
            }
        }
    }

    [Test]
    public async Task Refusals_and_unknown_routes_are_problems_for_a_client_that_accepts_no_json()
    {
        await using var app = AllocationApp.Sqlite();
        using var client = app.CreateClient();

        foreach (var accept in NonJsonAccepts)
        {
            await (await client.SendAsync(Get("/batches/no-such-batch", accept))).ShouldBeProblemAsync(HttpStatusCode.NotFound, "batch-not-found");
            await (await client.SendAsync(Get("/no/such/route", accept))).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not-found");
            var post = new HttpRequestMessage(HttpMethod.Post, "/allocations")
            {
                Content = new StringContent("""{"orderid": "o1", "sku": "NOPE", "qty": 1}""", System.Text.Encoding.UTF8, "application/json"),
            };
            post.Headers.Accept.ParseAdd(accept);
            await (await client.SendAsync(post)).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "invalid-sku");
        }
    }

    [TestCase("application/json; charset=\"utf-8\"", 201)]
    [TestCase("application/json; charset=UTF-8", 201)]
    [TestCase("application/json;charset=utf-8", 201)]
    [TestCase("application/json; charset=x-unknown", 415)]
    [TestCase("application/json; charset=utf-16", 415)]
    [TestCase("application/json; charset=\"\"", 415)]
    public async Task A_json_write_is_utf8_with_or_without_quotes_and_any_other_charset_is_a_415_problem(string contentType, int status)
    {
        await using var app = AllocationApp.Sqlite();
        using var client = app.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Post, "/batches") { Content = new ByteArrayContent("""{"ref": "b1", "sku": "LAMP", "qty": 5}"""u8.ToArray()) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        var response = await client.SendAsync(request);

        if (status == 201)
        {
            response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        }
        else
        {
            (await response.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported-media-type"))
                .GetProperty("detail").GetString().Should().Contain("UTF-8");
        }
    }

    private static HttpRequestMessage Get(string path, string accept)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd(accept);
        return request;
    }
}
