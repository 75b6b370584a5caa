using Allocation.Application.Errors;
using Allocation.Domain;

namespace Allocation.Application;

/// <summary>Collects what is wrong with a use case's arguments, then throws once for all of them.</summary>
internal sealed class InputRules
{
    private readonly Dictionary<string, string[]> _errors = new(StringComparer.Ordinal);

    public InputRules Identifier(string name, string? value)
    {
        if (Domain.Identifier.Validate(value) is { } problem)
        {
            _errors[name] = [problem];
        }

        return this;
    }

    public InputRules AtLeast(string name, int value, int minimum)
    {
        if (value < minimum)
        {
            _errors[name] = [$"must be at least {minimum} (got {value})"];
        }

        return this;
    }

    /// <exception cref="InvalidInputException">Any rule was broken.</exception>
    public void ThrowIfBroken()
    {
        if (_errors.Count > 0)
        {
            throw new InvalidInputException(_errors);
        }
    }
}
