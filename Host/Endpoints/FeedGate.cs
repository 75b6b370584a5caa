using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Allocation.Host.Endpoints;

/// <summary>
/// Caps the requests that hold a connection open on the event feed (server-sent event streams and
/// long polls), in total and per client address, so that followers cannot exhaust the host. A
/// request over a cap is refused with 503 <c>feed-busy</c> and <c>Retry-After</c>.
/// </summary>
internal sealed class FeedGate(IOptions<FeedOptions> options)
{
    private readonly ConcurrentDictionary<string, int> _perClient = new(StringComparer.Ordinal);
    private int _total;

    /// <summary>Takes a place for <paramref name="context"/>; dispose the place when the request ends.</summary>
    /// <returns>The place, or <see langword="null"/> when a cap is reached.</returns>
    public IDisposable? TryEnter(HttpContext context)
    {
        var client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (Interlocked.Increment(ref _total) > options.Value.MaxFeedConnections)
        {
            Interlocked.Decrement(ref _total);
            return null;
        }

        if (_perClient.AddOrUpdate(client, 1, (_, count) => count + 1) > options.Value.MaxFeedConnectionsPerClient)
        {
            Leave(client);
            return null;
        }

        return new Place(this, client);
    }

    private void Leave(string client)
    {
        Interlocked.Decrement(ref _total);
        _perClient.AddOrUpdate(client, 0, (_, count) => count - 1);
        _perClient.TryRemove(new KeyValuePair<string, int>(client, 0));
    }

    private sealed class Place(FeedGate gate, string client) : IDisposable
    {
        private int _left;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _left, 1) == 0)
            {
                gate.Leave(client);
            }
        }
    }
}

/// <summary>Limits of the event feed (configuration section <c>Allocation:Http</c>).</summary>
internal sealed class FeedOptions
{
    public const string SectionName = "Allocation:Http";

    /// <summary>Open streams and long polls, all clients together. Default 500.</summary>
    public int MaxFeedConnections { get; set; } = 500;

    /// <summary>Open streams and long polls from one client address. Default 20.</summary>
    public int MaxFeedConnectionsPerClient { get; set; } = 20;

    /// <summary>How often an idle stream sends a comment, so that proxies and clients know it is alive. Default 15 s.</summary>
    public TimeSpan FeedHeartbeat { get; set; } = TimeSpan.FromSeconds(15);
}

/// <summary>Checks <see cref="FeedOptions"/> when the host starts.</summary>
internal sealed class FeedOptionsValidator : IValidateOptions<FeedOptions>
{
    public ValidateOptionsResult Validate(string? name, FeedOptions options)
    {
        var failures = new List<string>();
        if (options.MaxFeedConnections < 1)
        {
            failures.Add($"{FeedOptions.SectionName}:MaxFeedConnections must be at least 1 (got {options.MaxFeedConnections}).");
        }

        if (options.MaxFeedConnectionsPerClient < 1 || options.MaxFeedConnectionsPerClient > options.MaxFeedConnections)
        {
            failures.Add($"{FeedOptions.SectionName}:MaxFeedConnectionsPerClient must be between 1 and MaxFeedConnections (got {options.MaxFeedConnectionsPerClient}).");
        }

        if (options.FeedHeartbeat < TimeSpan.FromSeconds(1) || options.FeedHeartbeat > TimeSpan.FromMinutes(5))
        {
            failures.Add($"{FeedOptions.SectionName}:FeedHeartbeat must be between 00:00:01 and 00:05:00 (got {options.FeedHeartbeat}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
