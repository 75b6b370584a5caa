using System.Net;
using System.Text.RegularExpressions;

namespace Allocation.Host.Tests.OperatorConsole;

/// <summary>How the host serves the console: fingerprinted files cached for a year, a page never cached, a strict policy, a switch.</summary>
public sealed partial class ConsoleHostingTests : SharedHostTest
{
    [Test]
    public async Task The_page_names_each_file_by_its_content_hash_and_is_never_cached()
    {
        var page = await Client.GetAsync("/console/");
        var html = await page.Content.ReadAsStringAsync();

        page.StatusCode.Should().Be(HttpStatusCode.OK);
        page.Content.Headers.ContentType!.ToString().Should().Be("text/html; charset=utf-8");
        page.Headers.CacheControl!.NoCache.Should().BeTrue();
        var files = AssetReference().Matches(html).Select(m => m.Groups["name"].Value).ToList();
        files.Should().Contain(f => f.StartsWith("app.", StringComparison.Ordinal) && f.EndsWith(".js", StringComparison.Ordinal))
            .And.Contain(f => f.StartsWith("console.", StringComparison.Ordinal) && f.EndsWith(".css", StringComparison.Ordinal));
        files.Should().OnlyContain(f => FingerprintedName().IsMatch(f), "every file is named by its hash");
        html.Should().NotContain("{{", "every placeholder was filled");
        (await Client.GetStringAsync("/console/stock/LAMP")).Should().Be(html, "each view's address opens the same page");
    }

    [Test]
    public async Task A_fingerprinted_file_is_cached_for_a_year_and_revalidates_with_its_etag()
    {
        var html = await Client.GetStringAsync("/console/");
        var script = AssetReference().Matches(html).Select(m => m.Groups["name"].Value).First(f => f.StartsWith("app.", StringComparison.Ordinal));

        var first = await Client.GetAsync($"/console/assets/{script}");
        first.StatusCode.Should().Be(HttpStatusCode.OK);
        first.Content.Headers.ContentType!.ToString().Should().Be("text/javascript; charset=utf-8");
        first.Headers.CacheControl!.ToString().Should().Be("public, max-age=31536000, immutable");
        using var again = new HttpRequestMessage(HttpMethod.Get, $"/console/assets/{script}");
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        (await Client.SendAsync(again)).StatusCode.Should().Be(HttpStatusCode.NotModified);
        await (await Client.GetAsync("/console/assets/app.000000000000.js")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Test]
    public async Task The_console_runs_under_a_strict_content_security_policy()
    {
        var page = await Client.GetAsync("/console/");
        var html = await page.Content.ReadAsStringAsync();

        page.Headers.GetValues("Content-Security-Policy").Single().Should().Be(
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
        html.Should().NotContain("<script>").And.NotContain("style=").And.NotContain("http://").And.NotContain("https://", "nothing inline, nothing from elsewhere");
    }

    [Test]
    public async Task The_openapi_description_points_operators_to_the_console()
    {
        var document = await (await Client.GetAsync("/openapi/v1.json")).JsonAsync();

        document.GetProperty("info").GetProperty("description").GetString().Should().Contain("`/console`");
        document.GetProperty("paths").EnumerateObject().Should().NotContain(p => p.Name.StartsWith("/console", StringComparison.Ordinal));
    }

    [Test]
    public async Task The_console_can_be_switched_off()
    {
        await using var app = AllocationApp.Sqlite(new Dictionary<string, string?> { ["Allocation:Console:Enabled"] = "false" });
        using var client = app.CreateClient();

        (await client.GetAsync("/console/")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        var document = await (await client.GetAsync("/openapi/v1.json")).JsonAsync();
        document.GetProperty("info").GetProperty("description").GetString().Should().NotContain("/console");
    }

    [GeneratedRegex("/console/assets/(?<name>[^\"]+)\"")]
    private static partial Regex AssetReference();

    [GeneratedRegex(@"^[a-z]+\.[0-9a-f]{12}\.(js|css|svg)$")]
    private static partial Regex FingerprintedName();
}
