using Microsoft.Extensions.Options;

namespace Allocation.Application;

/// <summary>Rejects settings that make no sense, naming the setting.</summary>
internal sealed class AllocationOptionsValidator : IValidateOptions<AllocationOptions>
{
    public ValidateOptionsResult Validate(string? name, AllocationOptions options)
    {
        var retry = options.Retry;
        var failures = new List<string>();
        if (retry.MaxRetryAttempts is < 0 or > 100)
        {
            failures.Add($"Allocation:Retry:MaxRetryAttempts must be between 0 and 100 (got {retry.MaxRetryAttempts}).");
        }

        if (retry.BaseDelay < TimeSpan.Zero || retry.BaseDelay > TimeSpan.FromMinutes(1))
        {
            failures.Add($"Allocation:Retry:BaseDelay must be between 00:00:00 and 00:01:00 (got {retry.BaseDelay}).");
        }

        if (retry.MaxDelay < retry.BaseDelay || retry.MaxDelay > TimeSpan.FromMinutes(5))
        {
            failures.Add($"Allocation:Retry:MaxDelay must be at least BaseDelay and at most 00:05:00 (got {retry.MaxDelay}).");
        }

        if (options.MaxAllocationsPerCommit is < 1 or > 10_000)
        {
            failures.Add($"Allocation:MaxAllocationsPerCommit must be from 1 to 10000 (got {options.MaxAllocationsPerCommit}).");
        }

        if (options.AllocationLanes is < 0 or > 1024)
        {
            failures.Add($"Allocation:AllocationLanes must be from 0 (automatic) to 1024 (got {options.AllocationLanes}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
