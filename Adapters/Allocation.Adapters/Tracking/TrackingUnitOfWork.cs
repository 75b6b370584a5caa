using Allocation.Application.Ports;
using Allocation.Domain;

namespace Allocation.Adapters.Tracking;

/// <summary>
/// What every store's unit of work does the same way: it checks its arguments, hands out each
/// product once (its identity map, <see cref="TrackedProducts"/>), remembers the messages it
/// handled, refuses work after it ended, and commits once. A store supplies how products and
/// batch references are read, whether a message was handled before, and how the change commits.
/// </summary>
internal abstract class TrackingUnitOfWork : IUnitOfWork, IProductRepository
{
    private readonly HashSet<string> _messages = new(StringComparer.Ordinal);
    private bool _finished;

    public IProductRepository Products => this;

    /// <summary>The products this unit of work has seen, and what changed in them.</summary>
    protected TrackedProducts Seen { get; } = new();

    public async Task AddAsync(Product product, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(product);
        ThrowIfFinished();
        await AddingAsync(product.Sku, cancellationToken).ConfigureAwait(false);
        Seen.AddNew(product);
    }

    public async Task<Product?> GetAsync(string sku, LinesToLoad lines, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sku);
        ArgumentNullException.ThrowIfNull(lines);
        ThrowIfFinished();
        if (Seen.Find(sku) is { } seen)
        {
            return seen;
        }

        var product = await LoadAsync(sku, lines, cancellationToken).ConfigureAwait(false);
        if (product is not null)
        {
            Seen.AddLoaded(product);
        }

        return product;
    }

    public async Task<Product?> GetByBatchReferenceAsync(string reference, LinesToLoad lines, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ThrowIfFinished();
        return await SkuOfBatchAsync(reference, cancellationToken).ConfigureAwait(false) is { } sku
            ? await GetAsync(sku, lines, cancellationToken).ConfigureAwait(false)
            : null;
    }

    public async Task<bool> TryRecordMessageAsync(string messageId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(messageId);
        ThrowIfFinished();
        return !_messages.Contains(messageId) && !await WasHandledAsync(messageId, cancellationToken).ConfigureAwait(false) && _messages.Add(messageId);
    }

    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfFinished();
        try
        {
            await CommitAsync(Seen.Changes(), _messages, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await FinishAsync().ConfigureAwait(false);
        }
    }

    public ValueTask DisposeAsync() => FinishAsync();

    /// <summary>Before a new product joins: where the store locks products, it locks this one.</summary>
    protected virtual Task AddingAsync(string sku, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Reads a product the unit of work has not seen yet, with the lines asked for; <see langword="null"/> when there is none.</summary>
    protected abstract Task<Product?> LoadAsync(string sku, LinesToLoad lines, CancellationToken cancellationToken);

    /// <summary>The SKU of the product holding a batch, seen here or stored; <see langword="null"/> when none does.</summary>
    protected abstract Task<string?> SkuOfBatchAsync(string reference, CancellationToken cancellationToken);

    /// <summary>Whether a message's id was recorded by a unit of work that committed.</summary>
    protected abstract Task<bool> WasHandledAsync(string messageId, CancellationToken cancellationToken);

    /// <summary>Stores the changes and the message ids, all or nothing.</summary>
    protected abstract Task CommitAsync(IReadOnlyList<ProductChange> changes, IReadOnlyCollection<string> messages, CancellationToken cancellationToken);

    /// <summary>Releases what the unit of work holds; it then refuses further work.</summary>
    protected virtual ValueTask EndAsync() => ValueTask.CompletedTask;

    private ValueTask FinishAsync()
    {
        _finished = true;
        return EndAsync();
    }

    private void ThrowIfFinished()
    {
        if (_finished)
        {
            throw new InvalidOperationException("This unit of work has already committed or rolled back; start a new one.");
        }
    }
}
