using Allocation.Application.Commands;

namespace Allocation.Application.Reads;

/// <summary>What an import did with one batch.</summary>
public enum BatchImportResult
{
    /// <summary>The batch was added.</summary>
    Added,

    /// <summary>A batch with that reference and the same SKU, quantity and ETA was there already: nothing changed.</summary>
    AlreadyPresent,

    /// <summary>The batch was not added; <see cref="BatchImportOutcome.Reason"/> says why.</summary>
    Refused,
}

/// <summary>One batch of an import and what became of it.</summary>
/// <param name="Batch">The batch as given.</param>
/// <param name="Result">What the import did.</param>
/// <param name="Reason">Why it was refused, or <see langword="null"/>.</param>
public sealed record BatchImportOutcome(AddBatch Batch, BatchImportResult Result, string? Reason = null);
