namespace Allocation.Domain;

/// <summary>
/// The rule for every identifier in the model (order ids, SKUs and batch references):
/// not blank, at most <see cref="MaxLength"/> characters, and free of control characters.
/// </summary>
public static class Identifier
{
    /// <summary>The longest identifier accepted, in UTF-16 code units.</summary>
    public const int MaxLength = 255;

    /// <summary>Explains what is wrong with <paramref name="value"/> as an identifier.</summary>
    /// <param name="value">The candidate identifier.</param>
    /// <returns>A sentence describing the problem, or <see langword="null"/> when the value is valid.</returns>
    public static string? Validate(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return "must not be blank";
        }

        if (value.Length > MaxLength)
        {
            return $"must be at most {MaxLength} characters (got {value.Length})";
        }

        return value.Any(char.IsControl) ? "must not contain control characters" : null;
    }

    internal static string Guard(string? value, string paramName)
    {
        var problem = Validate(value);
        return problem is null ? value! : throw new ArgumentException($"{paramName} {problem}.", paramName);
    }
}
