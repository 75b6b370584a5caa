using Allocation.Application.Errors;
using Allocation.Domain;

namespace Allocation.Application;

/// <summary>
/// Collects what is wrong with a set of fields, then throws once for all of them. An adapter (the
/// HTTP host, an inbound message channel, a file import) validates its own input with it, once, at
/// its edge, naming each field as its clients do; the use cases then trust their arguments.
/// </summary>
public sealed class InputRules
{
    private readonly Dictionary<string, string[]> _errors = new(StringComparer.Ordinal);

    /// <summary>Checks an identifier against <see cref="Domain.Identifier"/>.</summary>
    /// <param name="name">The argument's name, as the caller knows it.</param>
    /// <param name="value">The value.</param>
    /// <returns>This collector.</returns>
    public InputRules Identifier(string name, string? value)
    {
        return Domain.Identifier.Validate(value) is { } problem ? Problem(name, problem) : this;
    }

    /// <summary>Checks that a number is at least <paramref name="minimum"/>.</summary>
    /// <param name="name">The argument's name.</param>
    /// <param name="value">The value.</param>
    /// <param name="minimum">The smallest value allowed.</param>
    /// <returns>This collector.</returns>
    public InputRules AtLeast(string name, int value, int minimum)
    {
        return value < minimum ? Problem(name, $"must be at least {minimum} (got {value})") : this;
    }

    /// <summary>Checks that an optional number was given and is at least <paramref name="minimum"/>.</summary>
    /// <param name="name">The argument's name.</param>
    /// <param name="value">The value, or <see langword="null"/> when it was not given.</param>
    /// <param name="minimum">The smallest value allowed.</param>
    /// <returns>This collector.</returns>
    public InputRules Required(string name, int? value, int minimum) =>
        value is { } given ? AtLeast(name, given, minimum) : Problem(name, "is required");

    /// <summary>Records a problem found by the caller's own rule.</summary>
    /// <param name="name">The argument's name.</param>
    /// <param name="problem">What is wrong, as a phrase that follows the name ("must be a date").</param>
    /// <returns>This collector.</returns>
    public InputRules Problem(string name, string problem)
    {
        _errors[name] = [problem];
        return this;
    }

    /// <summary>Throws when any rule was broken.</summary>
    /// <exception cref="InvalidInputException">Any rule was broken; it names every bad argument.</exception>
    public void ThrowIfBroken()
    {
        if (_errors.Count > 0)
        {
            throw new InvalidInputException(_errors);
        }
    }
}
