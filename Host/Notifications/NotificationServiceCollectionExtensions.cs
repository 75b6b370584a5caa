using Allocation.Application;
using Allocation.Application.Ports;
using Allocation.Host.Configuration;
using Microsoft.Extensions.Options;

namespace Allocation.Host.Notifications;

/// <summary>Turns out-of-stock mail on when <c>Allocation:Notifications:Smtp:Host</c> is set.</summary>
internal static class NotificationServiceCollectionExtensions
{
    public static AllocationBuilder UseConfiguredNotifications(this AllocationBuilder allocation, IConfiguration configuration)
    {
        var section = configuration.GetSection(NotificationSettings.SectionName);
        allocation.Services.AddOptions<NotificationSettings>().Bind(section)
            .PostConfigure(settings => settings.OutOfStockTo = ListSetting.Read(section.GetSection(nameof(NotificationSettings.OutOfStockTo))))
            .ValidateOnStart();
        allocation.Services.AddSingleton<IValidateOptions<NotificationSettings>, NotificationSettingsValidator>();
        if (section.Get<NotificationSettings>() is { Enabled: true })
        {
            allocation.Services.AddSingleton<INotifications, SmtpNotifications>();
            allocation.NotifyOutOfStock();
        }

        return allocation;
    }
}
