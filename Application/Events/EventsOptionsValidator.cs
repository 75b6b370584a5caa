using Microsoft.Extensions.Options;

namespace Allocation.Application.Events;

/// <summary>Rejects event settings that make no sense, naming the setting.</summary>
internal sealed class EventsOptionsValidator : IValidateOptions<EventsOptions>
{
    public ValidateOptionsResult Validate(string? name, EventsOptions options)
    {
        var failures = new List<string>();
        void Between(string setting, TimeSpan value, TimeSpan min, TimeSpan max)
        {
            if (value < min || value > max)
            {
                failures.Add($"{EventsOptions.SectionName}:{setting} must be between {min} and {max} (got {value}).");
            }
        }

        Between(nameof(options.PollInterval), options.PollInterval, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(10));
        Between(nameof(options.RetryBaseDelay), options.RetryBaseDelay, TimeSpan.Zero, TimeSpan.FromMinutes(1));
        Between(nameof(options.RetryMaxDelay), options.RetryMaxDelay, options.RetryBaseDelay, TimeSpan.FromMinutes(10));
        Between(nameof(options.CheckpointInterval), options.CheckpointInterval, TimeSpan.Zero, options.LeaseDuration);
        Between(nameof(options.LeaseDuration), options.LeaseDuration, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        Between(nameof(options.Retention), options.Retention, TimeSpan.FromMinutes(1), TimeSpan.FromDays(3650));
        Between(nameof(options.InboxRetention), options.InboxRetention, TimeSpan.FromMinutes(1), TimeSpan.FromDays(3650));
        Between(nameof(options.RetentionInterval), options.RetentionInterval, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
        Between(nameof(options.MetricsInterval), options.MetricsInterval, TimeSpan.FromMilliseconds(10), TimeSpan.FromHours(1));
        Between(nameof(options.HoldBackWarning), options.HoldBackWarning, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
        if (options.PageSize is < 1 or > 10_000)
        {
            failures.Add($"{EventsOptions.SectionName}:PageSize must be between 1 and 10000 (got {options.PageSize}).");
        }

        if (options.MaxAttempts is < 1 or > 100)
        {
            failures.Add($"{EventsOptions.SectionName}:MaxAttempts must be between 1 and 100 (got {options.MaxAttempts}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
