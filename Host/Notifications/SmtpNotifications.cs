using Allocation.Application.Ports;
using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Allocation.Host.Notifications;

/// <summary>Sends notifications as plain-text mail with MailKit, one connection per message (they are rare).</summary>
internal sealed class SmtpNotifications(IOptions<NotificationSettings> options) : INotifications
{
    public async Task SendAsync(string subject, string body, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        using var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(settings.Smtp.From));
        message.To.AddRange(settings.OutOfStockTo.Select(MailboxAddress.Parse));
        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = body };

        using var client = new SmtpClient { Timeout = (int)settings.Smtp.Timeout.TotalMilliseconds };
        await client.ConnectAsync(settings.Smtp.Host!, settings.Smtp.Port, settings.Smtp.Security, cancellationToken);
        if (!string.IsNullOrEmpty(settings.Smtp.Username))
        {
            await client.AuthenticateAsync(settings.Smtp.Username, settings.Smtp.Password ?? "", cancellationToken);
        }

        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }
}
