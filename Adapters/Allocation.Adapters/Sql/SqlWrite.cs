using System.Data.Common;
using System.Globalization;
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
    string Sql, IReadOnlyDictionary<string, object?> Parameters, int? ExpectedRows = null, WriteFailure? Failure = null)
{
    /// <summary>Adds the write's parameters to a command's.</summary>
    public void Bind(DbParameterCollection parameters, Func<DbParameter> create)
    {
        foreach (var (name, value) in Parameters)
        {
            var parameter = create();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            parameters.Add(parameter);
        }
    }

    /// <summary>Fails when the write changed other than its expected rows.</summary>
    public void CheckRows(int rows)
    {
        if (ExpectedRows is { } expected && rows != expected)
        {
            throw Unexpected(rows);
        }
    }

    /// <summary>The error for a write that changed an unexpected number of rows (<paramref name="rows"/>, when known).</summary>
    public Exception Unexpected(int? rows) =>
        Failure?.UnexpectedRows() ?? new InvalidOperationException(
            $"Expected {ExpectedRows} row(s), got {rows?.ToString(CultureInfo.InvariantCulture) ?? "another number"}: {Sql}");
}

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
