using Allocation.Domain.Errors;
using Allocation.Domain;

namespace Allocation.Application.Errors;

/// <summary>
/// Arguments of a use case broke the rules for primitives (blank or over-long identifiers,
/// quantities out of range). <see cref="Errors"/> names every bad argument, not only the first.
/// </summary>
public sealed class InvalidInputException : AllocationException
{
    /// <summary>The stable code of this failure.</summary>
    public const string ErrorCode = "validation-failed";

    /// <summary>Creates the exception.</summary>
    /// <param name="errors">For each bad argument (by parameter name), what is wrong with it.</param>
    public InvalidInputException(IReadOnlyDictionary<string, string[]> errors)
        : base(ErrorCode, Describe(errors))
    {
        Errors = errors;
    }

    /// <summary>For each bad argument, by parameter name (e.g. <c>orderId</c>), the problems found.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; }

    private static string Describe(IReadOnlyDictionary<string, string[]> errors) =>
        "Invalid input: " + string.Join("; ", errors.SelectMany(e => e.Value.Select(problem => $"{e.Key} {problem}"))) + ".";
}
