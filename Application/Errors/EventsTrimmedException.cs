using Allocation.Domain.Errors;

namespace Allocation.Application.Errors;

/// <summary>
/// A reader asked for the events after a position that retention has already deleted past: some
/// events it has not seen are gone. Reading on would skip them in silence, so the read is refused.
/// The reader decides: rebuild its state from the current one and follow on from
/// <see cref="TrimmedThrough"/>, or accept the gap.
/// </summary>
public sealed class EventsTrimmedException : AllocationException
{
    /// <summary>The stable code of this failure.</summary>
    public const string ErrorCode = "events-trimmed";

    /// <summary>Creates the exception.</summary>
    /// <param name="after">The position the reader asked to read after.</param>
    /// <param name="trimmedThrough">The newest position retention deleted.</param>
    /// <param name="oldestKept">The position of the oldest event still kept, or <see langword="null"/> when none is.</param>
    public EventsTrimmedException(long after, long trimmedThrough, long? oldestKept)
        : base(ErrorCode,
            $"The events after position {after} are no longer all kept: retention deleted the log up to position {trimmedThrough}. " +
            $"Rebuild from the current state and read on with after={trimmedThrough}" +
            (oldestKept is { } oldest ? $" (the oldest event kept is at position {oldest})." : "."))
    {
        After = after;
        TrimmedThrough = trimmedThrough;
        OldestKept = oldestKept;
    }

    /// <summary>The position the reader asked to read after.</summary>
    public long After { get; }

    /// <summary>The newest position retention deleted: reading after it misses nothing that is kept.</summary>
    public long TrimmedThrough { get; }

    /// <summary>The position of the oldest event still kept, or <see langword="null"/> when none is.</summary>
    public long? OldestKept { get; }
}
