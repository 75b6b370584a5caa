using Microsoft.Extensions.Options;

namespace Allocation.Adapters.InMemory;

/// <summary>How units of work made by an <see cref="InMemoryUnitOfWorkFactory"/> treat other writers.</summary>
public sealed class InMemoryUnitOfWorkOptions
{
    /// <summary>
    /// Whether loading a product for a change takes its writer lock until the unit of work ends, so
    /// that writers of one product queue (the default, like the database adapters). Turn it off to
    /// exercise the optimistic version check alone: concurrent writers then meet
    /// <see cref="Application.Errors.ConcurrencyConflictException"/> at commit.
    /// </summary>
    public bool LockProductsForChange { get; set; } = true;

    /// <summary>How long a load waits for a product's writer lock before it fails with a store-unavailable error. Default 5 s.</summary>
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>Checks <see cref="InMemoryUnitOfWorkOptions"/> when the host starts.</summary>
internal sealed class InMemoryUnitOfWorkOptionsValidator : IValidateOptions<InMemoryUnitOfWorkOptions>
{
    public ValidateOptionsResult Validate(string? name, InMemoryUnitOfWorkOptions options) =>
        options.LockTimeout > TimeSpan.Zero && options.LockTimeout <= TimeSpan.FromMinutes(10)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Allocation:Database:LockTimeout must be more than zero and at most 00:10:00 (got {options.LockTimeout}).");
}
