using System.Diagnostics.CodeAnalysis;

namespace Allocation.Application.Errors;

/// <summary>
/// The store could not do the work now: it is unreachable, or a lock was not granted within its
/// limit. Nothing was changed; the caller may try again later (HTTP: 503 with Retry-After). This is
/// an infrastructure failure, not a rule of the model, so it is not an <see cref="Domain.Errors.AllocationException"/>;
/// it still has a stable <see cref="Code"/>.
/// </summary>
public sealed class StoreUnavailableException : Exception
{
    /// <summary>The stable code of this failure.</summary>
    public const string ErrorCode = "store-unavailable";

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong, for people.</param>
    /// <param name="isTransient">
    /// <see langword="true"/> when an immediate retry may succeed (a dropped connection), so use cases retry it;
    /// <see langword="false"/> when the caller already waited its limit (a lock timeout).
    /// </param>
    /// <param name="innerException">The store's own error, if any.</param>
    public StoreUnavailableException(string message, bool isTransient, Exception? innerException = null)
        : base(message, innerException)
    {
        IsTransient = isTransient;
    }

    /// <summary>The stable code: <c>store-unavailable</c>.</summary>
    [SuppressMessage("Performance", "CA1822", Justification = "An instance property, read like AllocationException.Code.")]
    public string Code => ErrorCode;

    /// <summary>Whether an immediate retry may succeed; use cases retry only these.</summary>
    public bool IsTransient { get; }
}
