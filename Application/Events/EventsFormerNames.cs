using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Allocation.Application.Events;

/// <summary>
/// Keeps a 0.1 configuration working: <c>Allocation:Events:BatchSize</c>, the 0.1 name of
/// <see cref="EventsOptions.PageSize"/>, still applies when the new setting is left at its default.
/// </summary>
internal sealed partial class EventsFormerNames(ILogger<EventsFormerNames> logger) : IPostConfigureOptions<EventsOptions>
{
    private static readonly int DefaultPageSize = new EventsOptions().PageSize;

    public void PostConfigure(string? name, EventsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
#pragma warning disable CS0618 // reading the former name is the point
        if (options.BatchSize is { } size && options.PageSize == DefaultPageSize)
        {
            options.PageSize = size;
            LogFormerSetting(logger);
        }
#pragma warning restore CS0618
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Allocation:Events:BatchSize is the setting's 0.1 name; it applies, but rename it Allocation:Events:PageSize")]
    private static partial void LogFormerSetting(ILogger logger);
}
