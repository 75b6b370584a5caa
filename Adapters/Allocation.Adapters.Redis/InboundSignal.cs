namespace Allocation.Adapters.Redis;

/// <summary>Wakes the inbound consumer when the bridge has copied a message, so that it need not wait for its next poll.</summary>
internal sealed class InboundSignal : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Wake()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // already woken: one wake-up reads everything that arrived
        }
    }

    /// <summary>Waits until woken or until <paramref name="timeout"/> passes.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);

    public void Dispose() => _signal.Dispose();
}
