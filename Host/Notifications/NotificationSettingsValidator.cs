using Allocation.Application.Events;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Allocation.Host.Notifications;

/// <summary>Checks the notification settings at start-up, naming each wrong one.</summary>
/// <param name="events">The delivery settings: one attempt at a mail must fit in a subscriber's lease.</param>
internal sealed class NotificationSettingsValidator(IOptions<EventsOptions> events) : IValidateOptions<NotificationSettings>
{
    public ValidateOptionsResult Validate(string? name, NotificationSettings options)
    {
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        const string section = NotificationSettings.SectionName;
        var failures = new List<string>();
        if (options.Smtp.Port is < 1 or > 65535)
        {
            failures.Add($"{section}:Smtp:Port must be between 1 and 65535 (got {options.Smtp.Port}).");
        }

        if (!MailboxAddress.TryParse(options.Smtp.From, out _))
        {
            failures.Add($"{section}:Smtp:From must be an email address (got '{options.Smtp.From}').");
        }

        if (options.OutOfStockTo.Length == 0)
        {
            failures.Add($"{section}:OutOfStockTo needs at least one address when {section}:Smtp:Host is set.");
        }

        failures.AddRange(options.OutOfStockTo.Where(address => !MailboxAddress.TryParse(address, out _))
            .Select(address => $"{section}:OutOfStockTo has '{address}', which is not an email address."));
        if (string.IsNullOrEmpty(options.Smtp.Username) != string.IsNullOrEmpty(options.Smtp.Password))
        {
            failures.Add($"{section}:Smtp:Username and {section}:Smtp:Password go together: set both or neither.");
        }

        if (options.Smtp.Timeout <= TimeSpan.Zero || options.Smtp.Timeout > TimeSpan.FromMinutes(5))
        {
            failures.Add($"{section}:Smtp:Timeout must be more than zero and at most 00:05:00 (got {options.Smtp.Timeout}).");
        }
        else if (options.Smtp.Timeout > events.Value.LeaseDuration)
        {
            // The heartbeat renews the lease while a mail is being sent, and cancels the send when it cannot;
            // an attempt that may outlast a whole lease would rely on that cancellation alone.
            failures.Add($"{section}:Smtp:Timeout ({options.Smtp.Timeout}) must not exceed {EventsOptions.SectionName}:LeaseDuration ({events.Value.LeaseDuration}): " +
                "one attempt at a mail must fit in the out-of-stock subscriber's lease.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
