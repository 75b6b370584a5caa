using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Allocation.Host.Tests;

/// <summary>OpenTelemetry out: OTLP to a real receiver when OTEL_EXPORTER_OTLP_ENDPOINT is set, and GET /metrics for Prometheus.</summary>
public sealed class TelemetryExportTests
{
    [Test]
    public async Task Metrics_are_scraped_at_metrics_with_the_domain_metrics()
    {
        await using var app = AllocationApp.Sqlite();
        using var client = app.CreateClient();
        await client.PostJsonAsync("/batches", new { @ref = "m1", sku = "METRIC", qty = 5 });
        (await client.PostJsonAsync("/allocations", new { orderid = "o1", sku = "METRIC", qty = 1 })).StatusCode.Should().Be(HttpStatusCode.Created);

        var scrape = await client.GetStringAsync("/metrics");

        scrape.Should().Contain("allocation_allocations").And.Contain("allocation_commit_size").And.Contain("http_server_request_duration");
    }

    [Test]
    public async Task Metrics_count_allocations_by_outcome_and_show_each_subscribers_lag_and_parked_events()
    {
        var settings = OutOfStockMailTests.Settings(SmtpSink.FreePort()); // no mail server: the notice is parked
        settings["Allocation:Events:MaxAttempts"] = "1";
        settings["Allocation:Events:MetricsInterval"] = "00:00:00.050";
        await using var app = AllocationApp.Sqlite(settings);
        using var client = app.CreateClient();
        await client.PostJsonAsync("/batches", new { @ref = "g1", sku = "GAUGE", qty = 1 });
        await client.PostJsonAsync("/allocations", new { orderid = "o1", sku = "GAUGE", qty = 1 });
        await client.PostJsonAsync("/allocations", new { orderid = "o1", sku = "GAUGE", qty = 1 });
        await client.PostJsonAsync("/allocations", new { orderid = "o2", sku = "GAUGE", qty = 1 });
        await client.PostJsonAsync("/allocations", new { orderid = "o3", sku = "NO-SUCH-SKU", qty = 1 });
        const string Notifier = "subscriber=\"out-of-stock-notifier\"";

        var scrape = "";
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline && !(Value(scrape, "allocation_events_parked_count", Notifier) == 1 && Value(scrape, "allocation_events_lag", Notifier) == 0))
        {
            await Task.Delay(50);
            scrape = await client.GetStringAsync("/metrics");
        }

        Value(scrape, "allocation_events_parked_count", Notifier).Should().Be(1, "the out-of-stock notice could not be mailed");
        Value(scrape, "allocation_events_lag", Notifier).Should().Be(0, "a parked event is behind the checkpoint");
        foreach (var outcome in new[] { "allocated", "repeat", "out-of-stock", "invalid-sku" })
        {
            Value(scrape, "allocation_requests_total", $"outcome=\"{outcome}\"").Should().Be(1, outcome);
        }

        var subscription = (await (await client.GetAsync("/events/subscriptions")).JsonAsync()).EnumerateArray()
            .Single(s => s.GetProperty("subscriber").GetString() == "out-of-stock-notifier");
        (subscription.GetProperty("lag").GetInt64(), subscription.GetProperty("parked").GetInt32()).Should().Be((0L, 1));
    }

    [Test]
    public async Task Metrics_can_be_switched_off()
    {
        await using var app = AllocationApp.Sqlite(new Dictionary<string, string?> { ["Allocation:Telemetry:Prometheus"] = "false" });
        using var client = app.CreateClient();

        (await client.GetAsync("/metrics")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task With_an_otlp_endpoint_spans_and_metrics_reach_the_receiver()
    {
        var received = new ConcurrentQueue<(string Signal, string Body)>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var receiver = builder.Build();
        receiver.MapPost("/v1/{signal}", async (HttpContext context, string signal) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            received.Enqueue((signal, Encoding.UTF8.GetString(body.ToArray()))); // protobuf keeps names as UTF-8
            return Results.Ok();
        });
        await receiver.StartAsync();
        var endpoint = receiver.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        await using var app = AllocationApp.Sqlite(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "200",
        });
        using var client = app.CreateClient();
        await client.PostJsonAsync("/batches", new { @ref = "t1", sku = "TRACED", qty = 5 });
        (await client.PostJsonAsync("/allocations", new { orderid = "o1", sku = "TRACED", qty = 1 })).StatusCode.Should().Be(HttpStatusCode.Created);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline && !(Has("traces", "Allocate") && Has("traces", "POST /allocations") && Has("metrics", "allocation.allocations") && Has("logs", "Delivering the event log")))
        {
            await Task.Delay(100);
        }

        Has("traces", "Allocate").Should().BeTrue("the use case's span is exported");
        Has("traces", "POST /allocations").Should().BeTrue("ASP.NET Core's request span is exported");
        Has("metrics", "allocation.allocations").Should().BeTrue("the domain metrics are exported");
        Has("logs", "Delivering the event log").Should().BeTrue("logs are exported too");

        bool Has(string signal, string text) => received.Any(r => r.Signal == signal && r.Body.Contains(text, StringComparison.Ordinal));
    }

    /// <summary>The value of the sample of <paramref name="metric"/> whose labels include <paramref name="label"/>, from a Prometheus text scrape.</summary>
    private static double? Value(string scrape, string metric, string label) => scrape.Split('\n')
        .Where(line => line.StartsWith(metric + "{", StringComparison.Ordinal) && line.Contains(label, StringComparison.Ordinal))
        .Select(line => (double?)double.Parse(line[(line.IndexOf('}', StringComparison.Ordinal) + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture))
        .FirstOrDefault();
}
