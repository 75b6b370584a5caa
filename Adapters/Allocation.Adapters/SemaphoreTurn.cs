namespace Allocation.Adapters;

/// <summary>A turn at a one-slot gate (a writer lock), given back once when disposed, however many times that is called.</summary>
/// <param name="gate">The gate whose slot this turn holds.</param>
internal sealed class SemaphoreTurn(SemaphoreSlim gate) : IDisposable
{
    private SemaphoreSlim? _gate = gate;

    public void Dispose() => Interlocked.Exchange(ref _gate, null)?.Release();
}
