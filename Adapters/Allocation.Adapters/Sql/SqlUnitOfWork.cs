using System.Data.Common;
using Allocation.Adapters.Tracking;
using Allocation.Application.Events;
using Allocation.Application.Ports;
using Allocation.Domain;
using Dapper;

namespace Allocation.Adapters.Sql;

/// <summary>
/// A unit of work on a SQL database: one connection and one transaction, opened on first use
/// (a unit of work that touches nothing opens nothing) and released when it ends. It calls into
/// its engine to begin, to commit and to translate an error; the engine's loader and writer do
/// the reading and the statements.
/// </summary>
internal sealed class SqlUnitOfWork(SqlEngine engine, EventLogSignal committed) : TrackingUnitOfWork
{
    private SqlSession? _session;

    protected override async Task<Product?> LoadAsync(string sku, LinesToLoad lines, CancellationToken cancellationToken)
    {
        var session = await SessionAsync(cancellationToken).ConfigureAwait(false);
        return await Translated(() => engine.Loader.LoadAsync(session, sku, lines, cancellationToken)).ConfigureAwait(false);
    }

    protected override async Task<string?> SkuOfBatchAsync(string reference, CancellationToken cancellationToken)
    {
        if (Seen.SkuOfBatch(reference) is { } sku)
        {
            return sku;
        }

        var session = await SessionAsync(cancellationToken).ConfigureAwait(false);
        return await Translated(() => session.Connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
            "SELECT sku FROM batches WHERE reference = @Reference;", new { Reference = reference }, session.Transaction,
            cancellationToken: cancellationToken))).ConfigureAwait(false);
    }

    protected override async Task<bool> WasHandledAsync(string messageId, CancellationToken cancellationToken)
    {
        // Only looked up now: the row is written with the commit, after its event positions (ADR 0015).
        // A concurrent handler of the same message that commits first makes this commit a conflict,
        // and the retry then finds the id.
        var session = await SessionAsync(cancellationToken).ConfigureAwait(false);
        return await Translated(() => session.Connection.ExecuteScalarAsync<int?>(new CommandDefinition(
            "SELECT 1 FROM inbox WHERE message_id = @MessageId;", new { MessageId = messageId }, session.Transaction,
            cancellationToken: cancellationToken))).ConfigureAwait(false) is not null;
    }

    protected override async Task CommitAsync(IReadOnlyList<ProductChange> changes, IReadOnlyCollection<string> messages, CancellationToken cancellationToken)
    {
        if (changes.Count == 0 && _session is null)
        {
            return;
        }

        var writes = engine.Writer.Writes(changes, messages, DateTimeOffset.UtcNow);
        var session = await SessionAsync(cancellationToken).ConfigureAwait(false);
        await engine.CommitAsync(session, writes, cancellationToken).ConfigureAwait(false); // its errors come out translated
        if (changes.Any(change => change.Events.Count > 0))
        {
            committed.Notify();
        }
    }

    protected override async ValueTask EndAsync()
    {
        var session = Interlocked.Exchange(ref _session, null);
        if (session is not null)
        {
            await session.DisposeAsync().ConfigureAwait(false);
        }
    }

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
}
