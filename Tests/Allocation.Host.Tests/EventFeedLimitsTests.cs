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
