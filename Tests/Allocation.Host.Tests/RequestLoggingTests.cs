using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Allocation.Host.Tests;

/// <summary>Request logs: nothing for a fast, successful request; one structured warning for a slow one or a server error.</summary>
public sealed class RequestLoggingTests
{
    [Test]
    public async Task A_fast_request_writes_no_log_line()
    {
        var logs = new CapturedLogs();
        await using var app = AllocationApp.Sqlite();
        using var client = app.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(logs))).CreateClient();

        await client.PostJsonAsync("/batches", new { @ref = "b1", sku = "LAMP", qty = 5 });
        await client.GetAsync("/batches/b1");

        logs.From("Allocation.Host.Configuration.RequestLogging").Should().BeEmpty();
        logs.From("Microsoft.AspNetCore.HttpLogging.HttpLoggingMiddleware").Should().BeEmpty("no line per request");
    }

    [Test]
    public async Task A_request_slower_than_the_threshold_is_a_structured_warning()
    {
        var logs = new CapturedLogs();
        await using var app = AllocationApp.Sqlite(new Dictionary<string, string?> { ["Allocation:Http:SlowRequestThreshold"] = "00:00:00" });
        using var client = app.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(logs))).CreateClient();

        await client.GetAsync("/batches/nope");

        var line = logs.From("Allocation.Host.Configuration.RequestLogging").Should().ContainSingle().Subject;
        line.Level.Should().Be(LogLevel.Warning);
        line.Message.Should().StartWith("GET /batches/{ref} (/batches/nope) answered 404 in ");
    }

    [Test]
    public async Task A_bad_threshold_stops_the_host_naming_the_setting()
    {
        await using var app = AllocationApp.Sqlite(new Dictionary<string, string?> { ["Allocation:Http:SlowRequestThreshold"] = "-00:00:01" });

        var start = () => app.CreateClient();

        start.Should().Throw<OptionsValidationException>().WithMessage("*Allocation:Http:SlowRequestThreshold*");
    }

    private sealed class CapturedLogs : ILoggerProvider
    {
        private readonly ConcurrentQueue<(string Category, LogLevel Level, string Message)> _lines = new();

        public IEnumerable<(LogLevel Level, string Message)> From(string category) =>
            _lines.Where(l => l.Category == category).Select(l => (l.Level, l.Message));

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<(string, LogLevel, string)> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue((category, logLevel, formatter(state, exception)));
        }
    }
}
