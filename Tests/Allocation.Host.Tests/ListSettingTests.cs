using System.Net.Http.Json;
using Allocation.Host.Notifications;
using Allocation.Host.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Allocation.Host.Tests;

/// <summary>
/// Every list-valued setting takes one value, a comma-separated list, or the array form, so that
/// <c>Allocation__Notifications__OutOfStockTo=ops@example.com</c> works as the README reads.
/// </summary>
public sealed class ListSettingTests
{
    [TestCase("ops@example.com", new[] { "ops@example.com" })]
    [TestCase("ops@example.com, buyer@example.com,", new[] { "ops@example.com", "buyer@example.com" })]
    public async Task Out_of_stock_mail_takes_one_address_or_a_comma_separated_list(string value, string[] expected)
    {
        await using var app = AllocationApp.Sqlite(new Dictionary<string, string?>
        {
            ["Allocation:Notifications:Smtp:Host"] = "127.0.0.1",
            ["Allocation:Notifications:OutOfStockTo"] = value,
        });

        app.Services.GetRequiredService<IOptions<NotificationSettings>>().Value.OutOfStockTo.Should().Equal(expected);
    }

    [Test]
    public async Task The_array_form_still_works_and_comes_first()
    {
        await using var app = AllocationApp.Sqlite(new Dictionary<string, string?>
        {
            ["Allocation:Notifications:Smtp:Host"] = "127.0.0.1",
            ["Allocation:Notifications:OutOfStockTo:0"] = "stock@made.com",
            ["Allocation:Notifications:OutOfStockTo:1"] = "buyer@example.com",
        });

        app.Services.GetRequiredService<IOptions<NotificationSettings>>().Value.OutOfStockTo.Should().Equal("stock@made.com", "buyer@example.com");
    }

    [Test]
    public async Task Api_keys_take_a_comma_separated_list_and_each_key_is_accepted()
    {
        const string first = "first-key-0123456789", second = "second-key-0123456789";
        await using var app = AllocationApp.Sqlite(new Dictionary<string, string?> { ["Allocation:Security:ApiKeys"] = $"{first},{second}" });
        using var client = app.CreateClient();

        app.Services.GetRequiredService<IOptions<SecuritySettings>>().Value.ApiKeys.Should().Equal(first, second);
        foreach (var key in new[] { first, second })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/batches") { Content = JsonContent.Create(new { @ref = $"b-{key}", sku = "LAMP", qty = 1 }) };
            request.Headers.Add("X-Api-Key", key);
            (await client.SendAsync(request)).StatusCode.Should().Be(System.Net.HttpStatusCode.Created);
        }
    }
}
