using System.Net;
using Allocation.TestSupport;

namespace Allocation.Host.Tests;

/// <summary>
/// The host process is killed with SIGKILL while it is sending out-of-stock mail, then started
/// again on the same database: every event still reaches the subscriber, and the duplicates are
/// counted (docs/reliability.md reports them).
/// </summary>
public sealed class SubscriberCrashTests
{
    private const int Skus = 60;

    [TestCase("sqlite")]
    [TestCase("postgres")]
    public async Task A_host_killed_in_the_middle_of_dispatching_loses_no_event(string provider)
    {
        var directory = Directory.CreateTempSubdirectory("allocation-crash-").FullName;
        var server = provider == "postgres" ? await PostgresServer.SharedAsync() : null;
        var connectionString = server is null ? $"Data Source={Path.Combine(directory, "crash.db")}" : await server.CreateDatabaseAsync();
        await using var smtp = SmtpSink.Start(delay: TimeSpan.FromMilliseconds(40));
        var environment = new Dictionary<string, string>
        {
            ["Allocation__Database__Provider"] = provider,
            ["ConnectionStrings__Allocation"] = connectionString,
            ["Allocation__Notifications__Smtp__Host"] = "127.0.0.1",
            ["Allocation__Notifications__Smtp__Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Allocation__Notifications__OutOfStockTo__0"] = "stock@made.com",
            ["Allocation__Events__LeaseDuration"] = "00:00:03",
            ["Allocation__Events__CheckpointInterval"] = "00:00:00.250",
        };
        try
        {
            await using (var first = await HostProcess.StartAsync(directory, environment))
            {
                for (var i = 0; i < Skus; i++)
                {
                    (await first.Client.PostJsonAsync("/batches", new { @ref = $"b{i}", sku = $"SKU-{i}", qty = 0 })).StatusCode.Should().Be(HttpStatusCode.Created);
                }

                var refusals = Enumerable.Range(0, Skus).Select(i => first.Client.PostJsonAsync("/allocate", new { orderid = "o", sku = $"SKU-{i}", qty = 1 }));
                (await Task.WhenAll(refusals)).Should().OnlyContain(r => r.StatusCode == HttpStatusCode.Accepted);
                await smtp.WaitForAsync(10, TimeSpan.FromSeconds(30));

                await first.KillAsync(); // SIGKILL, in the middle of the mail run
                smtp.Messages.Count.Should().BeInRange(10, Skus - 1, "the kill must land while mail is still being sent");
            }

            var beforeRestart = smtp.Messages.Count;
            await using var second = await HostProcess.StartAsync(directory, environment);
            var mails = await WaitForEverySkuAsync(smtp);

            var perSku = mails.GroupBy(m => m.Subject ?? "").ToDictionary(g => g.Key, g => g.Count());
            perSku.Keys.Should().BeEquivalentTo(Enumerable.Range(0, Skus).Select(i => $"Out of stock for SKU-{i}"), "every event reached the subscriber");
            var duplicates = mails.Count - Skus;
            TestContext.Out.WriteLine($"{provider}: {beforeRestart} mails before the kill, {mails.Count} in all for {Skus} events: {duplicates} duplicate(s)");
            duplicates.Should().BeLessThanOrEqualTo(beforeRestart, "only what was sent since the last checkpoint is sent again");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (server is not null)
            {
                await server.DropDatabaseAsync(connectionString);
            }

            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<IReadOnlyCollection<MimeKit.MimeMessage>> WaitForEverySkuAsync(SmtpSink smtp)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && smtp.Messages.Select(m => m.Subject).Distinct().Count() < Skus)
        {
            await Task.Delay(50);
        }

        await Task.Delay(500); // anything still on its way
        return smtp.Messages;
    }
}
