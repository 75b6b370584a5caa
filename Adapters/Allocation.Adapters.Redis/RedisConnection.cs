using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Allocation.Adapters.Redis;

/// <summary>
/// One multiplexer per process, connected on first use and reconnecting by itself. Start-up does
/// not wait for Redis: while it is down, relaying and consuming wait and retry; nothing is lost.
/// </summary>
internal sealed class RedisConnection(IOptions<RedisOptions> options) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ConnectionMultiplexer? _multiplexer;

    public RedisOptions Options => options.Value;

    public async Task<IConnectionMultiplexer> GetAsync()
    {
        if (_multiplexer is { } ready)
        {
            return ready;
        }

        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_multiplexer is null)
            {
                var configuration = ConfigurationOptions.Parse(Options.Connection);
                configuration.AbortOnConnectFail = false;
                configuration.ClientName ??= "allocation";
                _multiplexer = await ConnectionMultiplexer.ConnectAsync(configuration).ConfigureAwait(false);
            }

            return _multiplexer;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_multiplexer is not null)
        {
            await _multiplexer.DisposeAsync().ConfigureAwait(false);
        }

        _gate.Dispose();
    }
}
