using System.Net;
using Allocation.TestSupport;

namespace Allocation.Host.Tests;

/// <summary>
/// The host process is killed with SIGKILL, or stopped with SIGTERM, while it is sending
/// out-of-stock mail, then started again on the same database: every event still reaches the
/// subscriber, and the duplicates are counted (docs/reliability.md reports them). A graceful stop
/// repeats nothing.
/// </summary>
public sealed class SubscriberCrashTests
{
    private const int Skus = 60;

    [TestCase("sqlite")]
    [TestCase("postgres")]
    public async Task A_host_killed_in_the_middle_of_dispatching_loses_no_event(string provider)
    {
        await RunAsync(provider, checkpointInterval: "00:00:00.250", async host =>
        {
            await host.KillAsync(); // SIGKILL: no shutdown code runs
            return "kill";
        }, (mailsBefore, duplicates) => duplicates.Should().BeLessThanOrEqualTo(mailsBefore, "only what was sent since the last checkpoint is sent again"));
    }

    [TestCase("sqlite")]
    [TestCase("postgres")]
    public async Task A_host_stopped_with_SIGTERM_in_the_middle_of_dispatching_repeats_nothing_after_a_restart(string provider)
    {
        // No checkpoint within a batch before the stop: only the stop itself can save what was handled.
        await RunAsync(provider, checkpointInterval: "00:00:03", async host =>
        {
            (await host.TerminateAsync(TimeSpan.FromSeconds(20))).Should().Be(0, "a graceful stop ends cleanly");
            return "SIGTERM";
        }, (_, duplicates) => duplicates.Should().Be(0, "a graceful stop checkpoints what it handled and releases its lease"));
    }

    /// <summary>Sends one out-of-stock mail per SKU, ends the host with <paramref name="stop"/> in the middle of the run, restarts it, and counts.</summary>
    private static async Task RunAsync(string provider, string checkpointInterval, Func<HostProcess, Task<string>> stop, Action<int, int> checkDuplicates)
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
            ["Allocation__Notifications__Smtp__Timeout"] = "00:00:03", // one attempt fits in the lease
            ["Allocation__Events__LeaseDuration"] = "00:00:03",
            ["Allocation__Events__CheckpointInterval"] = checkpointInterval,
        };
        try
        {
            string how;
            await using (var first = await HostProcess.StartAsync(directory, environment))
            {
                for (var i = 0; i < Skus; i++)
                {
                    (await first.Client.PostJsonAsync("/batches", new { @ref = $"b{i}", sku = $"SKU-{i}", qty = 0 })).StatusCode.Should().Be(HttpStatusCode.Created);
                }

                var refusals = Enumerable.Range(0, Skus).Select(i => first.Client.PostJsonAsync("/allocate", new { orderid = "o", sku = $"SKU-{i}", qty = 1 }));
                (await Task.WhenAll(refusals)).Should().OnlyContain(r => r.StatusCode == HttpStatusCode.Accepted);
                await smtp.WaitForAsync(10, TimeSpan.FromSeconds(30));

                how = await stop(first);
                smtp.Messages.Count.Should().BeInRange(10, Skus - 1, $"the {how} must land while mail is still being sent");
            }

            var beforeRestart = smtp.Messages.Count;
            await using var second = await HostProcess.StartAsync(directory, environment);
            var mails = await WaitForEverySkuAsync(smtp);

            var perSku = mails.GroupBy(m => m.Subject ?? "").ToDictionary(g => g.Key, g => g.Count());
            perSku.Keys.Should().BeEquivalentTo(Enumerable.Range(0, Skus).Select(i => $"Out of stock for SKU-{i}"), "every event reached the subscriber");
            var duplicates = mails.Count - Skus;
            TestContext.Out.WriteLine($"{provider}, {how}: {beforeRestart} mails before it, {mails.Count} in all for {Skus} events: {duplicates} duplicate(s)");
            checkDuplicates(beforeRestart, duplicates);
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
