using System.Runtime.ExceptionServices;

namespace Allocation.Application.UseCases;

/// <summary>What one line's allocation came to: its result, or the failure that refused it.</summary>
internal readonly record struct LineOutcome
{
    private LineOutcome(AllocationResult? result, Exception? failure)
    {
        Result = result;
        Failure = failure;
    }

    /// <summary>The allocation, when the line was allocated (or was already).</summary>
    public AllocationResult? Result { get; }

    /// <summary>Why the line was refused, or why its unit of work failed.</summary>
    public Exception? Failure { get; }

    public static LineOutcome Allocated(AllocationResult result) => new(result, null);

    public static LineOutcome Failed(Exception failure) => new(null, failure);

    /// <summary>The result, or the failure thrown with the stack it was first thrown with.</summary>
    public AllocationResult ResultOrThrow()
    {
        if (Failure is not null)
        {
            ExceptionDispatchInfo.Throw(Failure);
        }

        return Result!;
    }
}
