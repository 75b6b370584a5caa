using Allocation.Domain.Errors;
using Allocation.Application.Errors;
using Allocation.Domain;

namespace Allocation.Adapters.Sql;

/// <summary>
/// One statement of a commit. When it changes a number of rows other than
/// <paramref name="ExpectedRows"/>, or breaks a unique key, <paramref name="Failure"/> says what
/// that means for Allocation.
/// </summary>
internal sealed record SqlWrite(
    string Sql, IReadOnlyDictionary<string, object?> Parameters, int? ExpectedRows = null, WriteFailure? Failure = null);

/// <summary>
/// What a failed write of one product means: another writer moved its version (a conflict, which
/// use cases retry), or, for a new batch, its reference is taken (<see cref="DuplicateBatchException"/>).
/// </summary>
/// <param name="Sku">The product written.</param>
/// <param name="ExpectedVersion">The version loaded, or <see langword="null"/> for a new product.</param>
/// <param name="NewBatch">The reference of the batch the write inserts, when it inserts one.</param>
internal sealed record WriteFailure(string Sku, int? ExpectedVersion, string? NewBatch = null)
{
    /// <summary>The error for a write that changed an unexpected number of rows.</summary>
    public Exception UnexpectedRows() => new ConcurrencyConflictException(Sku, ExpectedVersion);

    /// <summary>The error for a write that broke a unique key.</summary>
    public Exception Duplicate() => NewBatch is null ? UnexpectedRows() : new DuplicateBatchException(NewBatch);
}
