namespace Allocation.Domain.Errors;

/// <summary>A batch with this reference already exists (batch references are unique across all products).</summary>
public sealed class DuplicateBatchException : AllocationException
{
    /// <summary>The stable code of this failure.</summary>
    public const string ErrorCode = "duplicate-batch";

    /// <summary>Creates the exception.</summary>
    /// <param name="reference">The reference that is already taken.</param>
    public DuplicateBatchException(string reference)
        : base(ErrorCode, $"Batch {reference} already exists.")
    {
        Reference = reference;
    }

    /// <summary>The reference that is already taken.</summary>
    public string Reference { get; }
}
