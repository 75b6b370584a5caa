using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Allocation.Benchmarks;

/// <summary>
/// Follows the events of a run as another service would, and checks them against what the load
/// client was told: every acknowledged allocation must appear, nothing else of the run may.
/// Measures latency from the moment the client got its 201 to the moment the follower read the
/// event. <see cref="EventFeedFollower"/> reads <c>GET /events</c>; <see cref="RedisStreamFollower"/>
/// reads the Redis events stream.
/// </summary>
internal abstract class EventFollower : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, long> _acknowledged = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _seen = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly string _orderPrefix;
    private Task _following = Task.CompletedTask;
    private int _duplicates;

    protected EventFollower(string orderPrefix) => _orderPrefix = orderPrefix + "-";

    /// <summary>Starts reading; call once, from the derived class's factory.</summary>
    protected void Start() => _following = Task.Run(() => FollowAsync(_stop.Token));

    /// <summary>Reads events until cancelled, calling <see cref="Saw"/> for each allocation.</summary>
    protected abstract Task FollowAsync(CancellationToken stop);

    /// <summary>Records that the follower read an allocation of this order now.</summary>
    protected void Saw(string? orderId, long timestamp)
    {
        if (orderId is not null && orderId.StartsWith(_orderPrefix, StringComparison.Ordinal) && !_seen.TryAdd(orderId, timestamp))
        {
            Interlocked.Increment(ref _duplicates);
        }
    }

    /// <summary>Wraps a target so that every success is recorded as acknowledged.</summary>
    public IAllocationTarget Follow(IAllocationTarget target) => new Followed(target, this);

    /// <summary>Waits (up to 30 s) for every acknowledged allocation to be read, then compares.</summary>
    public async Task<FeedResult> FinishAsync(string engine)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(30) && _acknowledged.Keys.Any(id => !_seen.ContainsKey(id)))
        {
            await Task.Delay(100).ConfigureAwait(false);
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await _following.ConfigureAwait(false);
        var latencies = _acknowledged
            .Where(a => _seen.ContainsKey(a.Key))
            .Select(a => Math.Max(0, Stopwatch.GetElapsedTime(a.Value, _seen[a.Key]).TotalMilliseconds))
            .Order().ToArray();
        return new FeedResult(
            engine, _acknowledged.Count, _seen.Count,
            Missing: _acknowledged.Keys.Count(id => !_seen.ContainsKey(id)),
            Unexpected: _seen.Keys.Count(id => !_acknowledged.ContainsKey(id)),
            Duplicates: _duplicates,
            P50Ms: LoadRunner.Percentile(latencies, 0.50),
            P99Ms: LoadRunner.Percentile(latencies, 0.99));
    }

    public virtual async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync().ConfigureAwait(false);
        }

        await _following.ConfigureAwait(false);
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }

    private sealed class Followed(IAllocationTarget inner, EventFollower follower) : IAllocationTarget
    {
        public string Name => inner.Name;

        public void StartMeasuring() => inner.StartMeasuring();

        public async Task<string?> AllocateAsync(string orderId, string sku, CancellationToken cancellationToken)
        {
            var failure = await inner.AllocateAsync(orderId, sku, cancellationToken).ConfigureAwait(false);
            if (failure is null && orderId.StartsWith(follower._orderPrefix, StringComparison.Ordinal)) // not the warm-up's
            {
                follower._acknowledged.TryAdd(orderId, Stopwatch.GetTimestamp());
            }

            return failure;
        }
    }
}

/// <summary>Follows <c>GET /events</c> on a host (long polling, no broker).</summary>
internal sealed class EventFeedFollower : EventFollower
{
    private readonly HttpClient _client;
    private long _after;

    private EventFeedFollower(Uri host, string orderPrefix, long after)
        : base(orderPrefix)
    {
        _client = new HttpClient { BaseAddress = host, Timeout = TimeSpan.FromSeconds(30) };
        _after = after;
    }

    /// <summary>Starts following from the newest event, so the run's events are all that count.</summary>
    public static async Task<EventFeedFollower> StartAsync(Uri host, string orderPrefix)
    {
        using var client = new HttpClient { BaseAddress = host };
        var after = 0L;
        while (true)
        {
            var page = await ReadAsync(client, after, wait: 0, CancellationToken.None).ConfigureAwait(false);
            if (page.Count == 0)
            {
                var follower = new EventFeedFollower(host, orderPrefix, after);
                follower.Start();
                return follower;
            }

            after = page[^1].Position;
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync().ConfigureAwait(false);
        _client.Dispose();
    }

    protected override async Task FollowAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            IReadOnlyList<(long Position, string? OrderId)> page;
            try
            {
                page = await ReadAsync(_client, _after, wait: 5, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }

            var now = Stopwatch.GetTimestamp();
            foreach (var (position, orderId) in page)
            {
                _after = position;
                Saw(orderId, now);
            }
        }
    }

    private static async Task<IReadOnlyList<(long Position, string? OrderId)>> ReadAsync(HttpClient client, long after, int wait, CancellationToken cancellationToken)
    {
        var uri = new Uri(string.Create(CultureInfo.InvariantCulture, $"/events?after={after}&limit=1000&wait={wait}"), UriKind.Relative);
        using var response = await client.GetAsync(uri, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        using var page = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return [.. page.RootElement.GetProperty("events").EnumerateArray().Select(e => (
            e.GetProperty("position").GetInt64(),
            e.GetProperty("type").GetString() == "Allocated" ? e.GetProperty("data").GetProperty("orderid").GetString() : null))];
    }
}

/// <summary>What a feed follower saw during a run.</summary>
internal sealed record FeedResult(string Engine, int Acknowledged, int Seen, int Missing, int Unexpected, int Duplicates, double P50Ms, double P99Ms)
{
    public bool Ok => Missing == 0 && Unexpected == 0;
}

/// <summary>HTTP spread with Redis off and on, and what a reader of the events stream saw.</summary>
internal sealed record RedisResult(double OffPerSecond, double OnPerSecond, FeedResult Stream);

/// <summary>The same in-process run with the event log off and on.</summary>
internal sealed record EventLogCost(string Engine, double OffPerSecond, double OnPerSecond)
{
    public double Ratio => OnPerSecond / OffPerSecond;
}
