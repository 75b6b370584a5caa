using Allocation.Domain.Errors;
using Allocation.Domain;

namespace Allocation.Application.Errors;

/// <summary>
/// A product changed in the store after this unit of work loaded it, so the commit was refused
/// and rolled back whole. Use cases retry it on a fresh unit of work; callers see it only when the
/// retries run out.
/// </summary>
public sealed class ConcurrencyConflictException : AllocationException
{
    /// <summary>The stable code of this failure.</summary>
    public const string ErrorCode = "concurrency-conflict";

    /// <summary>Creates the exception.</summary>
    /// <param name="sku">The product whose version moved.</param>
    /// <param name="expectedVersion">The version the unit of work loaded, or <see langword="null"/> for a product it created.</param>
    /// <param name="innerException">The store's own error, if any.</param>
    public ConcurrencyConflictException(string sku, int? expectedVersion, Exception? innerException = null)
        : base(ErrorCode,
            expectedVersion is { } version
                ? $"Product {sku} was changed by someone else after version {version} was loaded."
                : $"Product {sku} was created by someone else at the same time.",
            innerException)
    {
        Sku = sku;
        ExpectedVersion = expectedVersion;
    }

    /// <summary>The product whose version moved.</summary>
    public string Sku { get; }

    /// <summary>The version the unit of work loaded, or <see langword="null"/> when it created the product.</summary>
    public int? ExpectedVersion { get; }
}
