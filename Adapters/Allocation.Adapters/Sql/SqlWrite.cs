namespace Allocation.Adapters.Sql;

/// <summary>
/// One statement of a commit. <paramref name="OnConflict"/> builds the error to raise when it
/// affects a number of rows other than <paramref name="ExpectedRows"/>; <paramref name="OnDuplicate"/>
/// when it breaks a unique key.
/// </summary>
internal sealed record SqlWrite(
    string Sql,
    IReadOnlyDictionary<string, object?> Parameters,
    int? ExpectedRows = null,
    Func<Exception>? OnConflict = null,
    Func<Exception>? OnDuplicate = null);
