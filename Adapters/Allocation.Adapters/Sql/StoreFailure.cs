namespace Allocation.Adapters.Sql;

/// <summary>What a provider's exception means for Allocation, as an engine reads it.</summary>
internal enum StoreFailure
{
    /// <summary>A bug or something we do not recognise: let it through unchanged.</summary>
    Unknown,

    /// <summary>A unique key was broken.</summary>
    UniqueViolation,

    /// <summary>A write checked on the server changed a number of rows other than it expected.</summary>
    UnexpectedRowCount,

    /// <summary>A lock was not granted within the configured wait.</summary>
    LockTimeout,

    /// <summary>A fault an immediate retry may cure (connection reset, deadlock victim).</summary>
    Transient,

    /// <summary>The database cannot serve now (down, full, refusing connections, timed out).</summary>
    Unavailable,
}
