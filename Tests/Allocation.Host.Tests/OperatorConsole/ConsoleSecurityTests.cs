using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;

namespace Allocation.Host.Tests.OperatorConsole;

/// <summary>
/// The console under the API's own rules, with reads protected: a signed-out operator gets a page
/// that says how to sign in; a read-only token reads but cannot change stock, and is told why.
/// </summary>
public sealed class ConsoleSecurityTests : ConsoleBrowser
{
    private const string Key = "console-test-key-0123456789";

    private protected override Task<AllocationApp> CreateAppAsync() => Task.FromResult(AllocationApp.Sqlite(new Dictionary<string, string?>
    {
        ["Allocation:Security:ApiKeys:0"] = Key,
        ["Allocation:Security:ProtectReads"] = "true",
        ["Allocation:Security:Jwt:SigningKey"] = TokenTests.SigningKey,
        ["Allocation:Security:Jwt:Issuer"] = TokenTests.Issuer,
        ["Allocation:Security:Jwt:Audience"] = TokenTests.Audience,
    }));

    private protected override async Task SeedAsync()
    {
        Api.DefaultRequestHeaders.Add("X-Api-Key", Key);
        (await Api.PostJsonAsync("/batches", new { @ref = "b1", sku = "LAMP", qty = 7 })).StatusCode.Should().Be(HttpStatusCode.Created);
    }

    [Test]
    public async Task A_signed_out_operator_is_asked_to_sign_in_and_then_sees_the_overview()
    {
        await OpenAsync("");

        var notice = Page.Locator("main [role=alert]");
        (await notice.Locator("h2").InnerTextAsync()).Should().Be("Sign in to continue");
        (await notice.InnerTextAsync()).Should().Contain("allocation.read");
        await ScreenshotAsync("signed-out");

        await notice.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        var dialog = Page.Locator("dialog[open]");
        await dialog.GetByLabel("Kind").SelectOptionAsync("key");
        await dialog.GetByLabel("Secret").FillAsync(Key);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Assertions.Expect(Page.Locator("[data-count='SKUs']")).ToHaveTextAsync("1");
        (await Page.Locator("#credential").InnerTextAsync()).Should().Contain("API key in use");
    }

    [Test]
    public async Task A_read_only_token_reads_stock_and_is_told_it_may_not_change_it()
    {
        await Page.AddInitScriptAsync($$"""sessionStorage.setItem('allocation-console-credential', JSON.stringify({ kind: 'token', secret: '{{TokenTests.Token("allocation.read")}}' }));""");
        await OpenAsync("stock/LAMP");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Change the quantity of b1" }).ClickAsync();
        await Page.Locator("dialog[open]").GetByLabel("New quantity").FillAsync("3");
        await Page.Locator("dialog[open]").GetByRole(AriaRole.Button, new() { Name = "Change quantity" }).ClickAsync();

        var notice = Page.Locator("#change-outcome [role=alert]");
        (await notice.Locator("h2").InnerTextAsync()).Should().Be("Not allowed");
        (await notice.InnerTextAsync()).Should().Contain("allocation.write");
        (await Api.GetFromJsonAsync<Quantity>("/batches/b1"))!.Qty.Should().Be(7);
    }

    [Test]
    public async Task Signing_out_forgets_the_credential()
    {
        await Page.AddInitScriptAsync($"if (!sessionStorage.getItem('seeded')) {{ sessionStorage.setItem('seeded', '1'); sessionStorage.setItem('allocation-console-credential', JSON.stringify({{ kind: 'key', secret: '{Key}' }})); }}");
        await OpenAsync("");
        await Assertions.Expect(Page.Locator("[data-count='SKUs']")).ToHaveTextAsync("1");

        await Page.Locator("#credential").GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();

        await Assertions.Expect(Page.Locator("main [role=alert] h2")).ToHaveTextAsync("Sign in to continue");
        (await Page.EvaluateAsync<string?>("() => sessionStorage.getItem('allocation-console-credential')")).Should().BeNull();
    }

    private sealed record Quantity(int Qty);
}
