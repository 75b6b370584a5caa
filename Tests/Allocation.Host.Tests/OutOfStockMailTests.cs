using System.Net;
using Microsoft.Extensions.Options;

namespace Allocation.Host.Tests;

/// <summary>Out-of-stock mail, sent to a real SMTP server running in the test: once per SKU until it is restocked.</summary>
public sealed class OutOfStockMailTests
{
    [Test]
    public async Task Mails_once_when_a_sku_runs_out_and_again_only_after_it_was_restocked()
    {
        await using var smtp = SmtpSink.Start();
        await using var app = AllocationApp.Sqlite(Settings(smtp.Port));
        using var client = app.CreateClient();
        await client.PostJsonAsync("/batches", new { @ref = "b1", sku = "POPULAR-CURTAINS", qty = 9 });

        for (var i = 0; i < 3; i++)
        {
            (await client.PostJsonAsync("/allocate", new { orderid = $"o{i}", sku = "POPULAR-CURTAINS", qty = 10 })).StatusCode.Should().Be(HttpStatusCode.Accepted);
        }

        var first = await smtp.WaitForAsync(1, TimeSpan.FromSeconds(15));
        await NotifierCaughtUpAsync(client);
        first.Should().ContainSingle();
        var mail = first.Single();
        mail.From.Mailboxes.Single().Address.Should().Be("allocations@example.com");
        mail.To.Mailboxes.Select(m => m.Address).Should().Equal("stock@made.com", "buyer@example.com");
        mail.Subject.Should().Be("Out of stock for POPULAR-CURTAINS");
        mail.TextBody.Should().StartWith("Out of stock for POPULAR-CURTAINS");

        await client.PostJsonAsync("/batches", new { @ref = "b2", sku = "POPULAR-CURTAINS", qty = 1 });
        await client.PostJsonAsync("/allocate", new { orderid = "o9", sku = "POPULAR-CURTAINS", qty = 20 });

        (await smtp.WaitForAsync(2, TimeSpan.FromSeconds(15))).Should().HaveCount(2);
        await NotifierCaughtUpAsync(client);
        smtp.Messages.Should().HaveCount(2);
    }

    [Test]
    public async Task A_mail_server_that_is_down_delays_the_mail_and_loses_nothing()
    {
        var port = SmtpSink.FreePort(); // nothing listens on it yet
        var settings = Settings(port);
        settings["Allocation:Events:RetryBaseDelay"] = "00:00:00.200";
        settings["Allocation:Events:MaxAttempts"] = "50";
        await using var app = AllocationApp.Sqlite(settings);
        using var client = app.CreateClient();
        await client.PostJsonAsync("/batches", new { @ref = "b1", sku = "LAMP", qty = 1 });
        await client.PostJsonAsync("/allocate", new { orderid = "o1", sku = "LAMP", qty = 2 });
        await Task.Delay(500);

        await using var late = SmtpSink.Start(port);

        (await late.WaitForAsync(1, TimeSpan.FromSeconds(20))).Single().Subject.Should().Be("Out of stock for LAMP");
    }

    [Test]
    public async Task Smtp_settings_are_checked_at_start_up_naming_the_setting()
    {
        await using var app = AllocationApp.Sqlite(new Dictionary<string, string?>
        {
            ["Allocation:Notifications:Smtp:Host"] = "127.0.0.1",
            ["Allocation:Notifications:Smtp:From"] = "not an address",
        });

        var start = () => app.CreateClient();

        start.Should().Throw<OptionsValidationException>()
            .WithMessage("*Allocation:Notifications:Smtp:From*").WithMessage("*Allocation:Notifications:OutOfStockTo*");
    }

    [Test]
    public async Task A_mail_attempt_that_could_outlast_the_subscribers_lease_is_refused_at_start_up()
    {
        var settings = Settings(SmtpSink.FreePort());
        settings["Allocation:Notifications:Smtp:Timeout"] = "00:01:00";
        settings["Allocation:Events:LeaseDuration"] = "00:00:30";
        await using var app = AllocationApp.Sqlite(settings);

        var start = () => app.CreateClient();

        start.Should().Throw<OptionsValidationException>()
            .WithMessage("*Allocation:Notifications:Smtp:Timeout (00:01:00) must not exceed Allocation:Events:LeaseDuration (00:00:30)*");
    }

    /// <summary>A host's settings that mail out-of-stock notices through the SMTP server on <paramref name="port"/>.</summary>
    internal static Dictionary<string, string?> Settings(int port) => new()
    {
        ["Allocation:Notifications:Smtp:Host"] = "127.0.0.1",
        ["Allocation:Notifications:Smtp:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Allocation:Notifications:Smtp:From"] = "allocations@example.com",
        ["Allocation:Notifications:OutOfStockTo:0"] = "stock@made.com",
        ["Allocation:Notifications:OutOfStockTo:1"] = "buyer@example.com",
    };

    /// <summary>Waits until the notifier's checkpoint reaches the newest event, so no mail is still on its way.</summary>
    private static async Task NotifierCaughtUpAsync(HttpClient client)
    {
        var newest = (await (await client.GetAsync("/events?limit=1000")).JsonAsync()).GetProperty("next").GetInt64();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            var subscriptions = await (await client.GetAsync("/events/subscriptions")).JsonAsync();
            if (subscriptions.EnumerateArray().Any(s => s.GetProperty("subscriber").GetString() == "out-of-stock-notifier"
                                                        && s.GetProperty("position").GetInt64() >= newest))
            {
                return;
            }

            await Task.Delay(25);
        }

        Assert.Fail("The out-of-stock notifier did not catch up within 15 s.");
    }
}
