namespace Allocation.Domain.Errors;

/// <summary>No batch has this reference.</summary>
public sealed class BatchNotFoundException : AllocationException
{
    /// <summary>The stable code of this failure.</summary>
    public const string ErrorCode = "batch-not-found";

    /// <summary>Creates the exception.</summary>
    /// <param name="reference">The reference that was not found.</param>
    public BatchNotFoundException(string reference)
        : base(ErrorCode, $"Batch {reference} does not exist.")
    {
        Reference = reference;
    }

    /// <summary>The reference that was not found.</summary>
    public string Reference { get; }
}
