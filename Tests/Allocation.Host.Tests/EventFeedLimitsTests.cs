using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Allocation.Host.Tests;

/// <summary>The event feed protects the host (issue 24, item 13): caps, an open that answers at once, a heartbeat, expiry and shutdown.</summary>
[NonParallelizable]
public sealed class EventFeedLimitsTests
{
    private const string SigningKey = "a-shared-signing-key-of-at-least-32-bytes";

    [Test]
    public async Task A_stream_on_a_quiet_log_answers_at_once_and_sends_a_heartbeat()
    {
        await using var app = AllocationApp.Sqlite(new Dictionary<string, string?> { ["Allocation:Http:FeedHeartbeat"] = "00:00:01" });
        using var client = app.CreateClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var clock = Stopwatch.StartNew();

        using var response = await client.GetAsync("/events/stream", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        var opened = clock.Elapsed;
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        var first = await reader.ReadLineAsync(timeout.Token);
        await reader.ReadLineAsync(timeout.Token);
        var heartbeat = await reader.ReadLineAsync(timeout.Token);

        opened.Should().BeLessThan(TimeSpan.FromSeconds(5), "the status line and headers do not wait for an event");
        first.Should().Be(": connected");
        heartbeat.Should().Be(": keep-alive");
    }

    [Test]
    public async Task Streams_and_long_polls_over_the_per_client_cap_are_refused_with_retry_after_until_one_ends()
    {
        await using var app = AllocationApp.Sqlite(new Dictionary<string, string?> { ["Allocation:Http:MaxFeedConnectionsPerClient"] = "2" });
        using var client = app.CreateClient();
        var one = await client.GetAsync("/events/stream", HttpCompletionOption.ResponseHeadersRead);
        var two = await client.GetAsync("/events/stream", HttpCompletionOption.ResponseHeadersRead);

        var third = await client.GetAsync("/events/stream", HttpCompletionOption.ResponseHeadersRead);
        var poll = await client.GetAsync("/events?after=0&wait=5");
        var page = await client.GetAsync("/events?after=0");

        await third.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable, "feed-busy");
        third.Headers.RetryAfter.Should().NotBeNull();
        await poll.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable, "feed-busy");
        page.StatusCode.Should().Be(HttpStatusCode.OK, "a page that does not wait holds nothing open");
        one.Dispose();
        await Task.Delay(500);
        using var again = await client.GetAsync("/events/stream", HttpCompletionOption.ResponseHeadersRead);
        again.StatusCode.Should().Be(HttpStatusCode.OK, "a place is free again");
        two.Dispose();
    }

    [Test]
    public async Task A_stream_ends_when_the_token_it_was_opened_with_expires()
    {
        await using var app = AllocationApp.Sqlite(new Dictionary<string, string?>
        {
            ["Allocation:Security:ApiKeys:0"] = "a-long-random-secret-0123456789",
            ["Allocation:Security:ProtectReads"] = "true",
            ["Allocation:Security:Jwt:SigningKey"] = SigningKey,
            ["Allocation:Security:Jwt:Issuer"] = "https://issuer.test",
            ["Allocation:Security:Jwt:Audience"] = "allocation",
        });
        using var client = app.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Get, "/events/stream");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token(DateTime.UtcNow.AddSeconds(3)));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var clock = Stopwatch.StartNew();

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await response.Content.ReadAsStringAsync(timeout.Token); // to the end of the stream

        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(15), "the stream ended at the token's expiry, not when the test gave up");
        body.Should().StartWith(": connected");
    }

    [Test]
    public async Task Streams_that_replay_into_the_shared_tail_get_every_event_once_in_order()
    {
        await using var app = AllocationApp.Sqlite();
        using var client = app.CreateClient();
        await client.PostAsync("/batches:import", new StringContent(
            "ref,sku,qty,eta\n" + string.Concat(Enumerable.Range(0, 2500).Select(i => $"r{i},SKU-{i % 7},1000,\n")), Encoding.UTF8, "text/csv"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        // Two streams replay from the start (pages of 1,000, then the shared tail) while allocations commit.
        var early = ReadIdsAsync(client, 2500 + 40, timeout.Token);
        var allocating = Task.Run(async () =>
        {
            for (var i = 0; i < 40; i++)
            {
                (await client.PostJsonAsync("/allocations", new { orderid = $"o{i}", sku = $"SKU-{i % 7}", qty = 1 })).EnsureSuccessStatusCode();
                await Task.Delay(10);
            }
        });
        await Task.Delay(100);
        var late = ReadIdsAsync(client, 2500 + 40, timeout.Token);
        await allocating;

        var log = new List<long>();
        for (var after = 0L; ;)
        {
            var page = await (await client.GetAsync($"/events?after={after}&limit=1000")).JsonAsync();
            var positions = page.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("position").GetInt64()).ToList();
            if (positions.Count == 0)
            {
                break;
            }

            log.AddRange(positions);
            after = positions[^1];
        }

        (await early).Should().Equal(log, "every event once, in log order, across the replay and the shared tail");
        (await late).Should().Equal(log);
    }

    private static async Task<List<long>> ReadIdsAsync(HttpClient client, int count, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync("/events/stream?after=0", HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        var ids = new List<long>();
        while (ids.Count < count && await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                ids.Add(long.Parse(line[4..], System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return ids;
    }

    [Test]
    public async Task A_host_with_open_streams_and_long_polls_stops_promptly()
    {
        await using var host = await HostProcess.StartOnItsOwnDatabaseAsync("feedstop");
        var streams = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => host.Client.GetAsync("/events/stream", HttpCompletionOption.ResponseHeadersRead)));
        _ = host.Client.GetAsync("/events?after=0&wait=30");
        await Task.Delay(500);
        var clock = Stopwatch.StartNew();

        var code = await host.TerminateAsync(TimeSpan.FromSeconds(20));

        await TestContext.Out.WriteLineAsync($"stopped with 3 streams and a long poll open in {clock.Elapsed.TotalSeconds:0.0} s");
        code.Should().Be(0);
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10), "open feeds end when the host stops (it took about 32 s)");
        foreach (var stream in streams)
        {
            stream.Dispose();
        }
    }

    private static string Token(DateTime expires) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Subject = new ClaimsIdentity([new Claim("sub", "feed-client"), new Claim("scope", "allocation.read")]),
        Issuer = "https://issuer.test",
        Audience = "allocation",
        NotBefore = DateTime.UtcNow.AddMinutes(-1),
        IssuedAt = DateTime.UtcNow.AddMinutes(-1),
        Expires = expires,
        SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(SigningKey)), SecurityAlgorithms.HmacSha256),
    });
}
