using System.Data.Common;
using Allocation.Adapters.Tracking;
using Allocation.Application.Ports;
using Allocation.Domain;
using Allocation.Application.Events;
using Dapper;

namespace Allocation.Adapters.Sql;

/// <summary>
/// A unit of work on a SQL database: one connection and one transaction, opened on first use
/// (a unit of work that touches nothing opens nothing) and released when it ends.
/// </summary>
internal sealed class SqlUnitOfWork(SqlEngine engine, EventLogSignal committed) : IUnitOfWork, IProductRepository
{
    private readonly TrackedProducts _seen = new();
    private readonly HashSet<string> _messages = new(StringComparer.Ordinal);
    private SqlSession? _session;
    private bool _finished;

    public IProductRepository Products => this;

    public Task AddAsync(Product product, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(product);
        ThrowIfFinished();
        _seen.AddNew(product);
        return Task.CompletedTask;
    }

    public async Task<Product?> GetAsync(string sku, LinesToLoad lines, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sku);
        ArgumentNullException.ThrowIfNull(lines);
        ThrowIfFinished();
        if (_seen.Find(sku) is { } seen)
        {
            return seen;
        }

        var session = await SessionAsync(cancellationToken).ConfigureAwait(false);
        var product = await Translated(() => engine.Loader.LoadAsync(session, sku, lines, cancellationToken)).ConfigureAwait(false);
        if (product is not null)
        {
            _seen.AddLoaded(product);
        }

        return product;
    }

    public async Task<Product?> GetByBatchReferenceAsync(string reference, LinesToLoad lines, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ThrowIfFinished();
        var sku = _seen.SkuOfBatch(reference);
        if (sku is null)
        {
            var session = await SessionAsync(cancellationToken).ConfigureAwait(false);
            sku = await Translated(() => session.Connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
                "SELECT sku FROM batches WHERE reference = @Reference;", new { Reference = reference }, session.Transaction,
                cancellationToken: cancellationToken))).ConfigureAwait(false);
        }

        return sku is null ? null : await GetAsync(sku, lines, cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> TryRecordMessageAsync(string messageId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(messageId);
        ThrowIfFinished();
        if (_messages.Contains(messageId))
        {
            return false;
        }

        // Only looked up now: the row is written with the commit, after its event positions (ADR 0015).
        // A concurrent handler of the same message that commits first makes this commit a conflict,
        // and the retry then finds the id.
        var session = await SessionAsync(cancellationToken).ConfigureAwait(false);
        var seen = await Translated(() => session.Connection.ExecuteScalarAsync<int?>(new CommandDefinition(
            "SELECT 1 FROM inbox WHERE message_id = @MessageId;", new { MessageId = messageId }, session.Transaction,
            cancellationToken: cancellationToken))).ConfigureAwait(false);
        if (seen is not null)
        {
            return false;
        }

        _messages.Add(messageId);
        return true;
    }

    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfFinished();
        try
        {
            var changes = _seen.Changes();
            if (changes.Count == 0 && _session is null)
            {
                return;
            }

            var writes = engine.Writer.Writes(changes, _messages, DateTimeOffset.UtcNow);
            var session = await SessionAsync(cancellationToken).ConfigureAwait(false);
            await engine.CommitAsync(session, writes, cancellationToken).ConfigureAwait(false); // its errors come out translated
            if (changes.Any(change => change.Events.Count > 0))
            {
                committed.Notify();
            }
        }
        finally
        {
            await FinishAsync().ConfigureAwait(false);
        }
    }

    public ValueTask DisposeAsync() => FinishAsync();

    private async Task<SqlSession> SessionAsync(CancellationToken cancellationToken) =>
        _session ??= await Translated(() => engine.BeginAsync(cancellationToken)).ConfigureAwait(false);

    private async Task<T> Translated<T>(Func<Task<T>> work)
    {
        try
        {
            return await work().ConfigureAwait(false);
        }
        catch (DbException e) when (engine.Translate(e) is { } translated)
        {
            throw translated;
        }
    }

    private async ValueTask FinishAsync()
    {
        _finished = true;
        var session = Interlocked.Exchange(ref _session, null);
        if (session is not null)
        {
            await session.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void ThrowIfFinished()
    {
        if (_finished)
        {
            throw new InvalidOperationException("This unit of work has already committed or rolled back; start a new one.");
        }
    }
}
