namespace Allocation.Domain.Errors;

/// <summary>
/// The base of every failure that Allocation reports on purpose: a rule of the model or of a use
/// case said no. <see cref="Code"/> is stable and meant for machines (HTTP problem details, logs,
/// metrics); the message is for people and may change.
/// </summary>
public abstract class AllocationException : Exception
{
    /// <summary>Creates the exception with its stable code.</summary>
    /// <param name="code">A stable, kebab-case code such as <c>out-of-stock</c>.</param>
    /// <param name="message">A sentence for people.</param>
    /// <param name="innerException">The failure that caused this one, if any.</param>
    protected AllocationException(string code, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
    }

    /// <summary>A stable, kebab-case identifier of the kind of failure, e.g. <c>out-of-stock</c>.</summary>
    public string Code { get; }
}
