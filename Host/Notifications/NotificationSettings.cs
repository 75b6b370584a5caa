using MailKit.Security;

namespace Allocation.Host.Notifications;

/// <summary>The <c>Allocation:Notifications</c> section: out-of-stock mail over SMTP, off while no SMTP host is set.</summary>
internal sealed class NotificationSettings
{
    public const string SectionName = "Allocation:Notifications";

    public SmtpSettings Smtp { get; set; } = new();

    /// <summary>Who is told that a SKU ran out: one or more addresses.</summary>
    public string[] OutOfStockTo { get; set; } = [];

    public bool Enabled => !string.IsNullOrWhiteSpace(Smtp.Host);
}

/// <summary>The <c>Allocation:Notifications:Smtp</c> section.</summary>
internal sealed class SmtpSettings
{
    /// <summary>The SMTP server; none (the default) turns notifications off.</summary>
    public string? Host { get; set; }

    public int Port { get; set; } = 25;

    /// <summary>The sender address.</summary>
    public string From { get; set; } = "allocation@localhost";

    /// <summary>TLS: <c>Auto</c> (the default: TLS on port 465, STARTTLS when the server offers it), <c>None</c>, <c>SslOnConnect</c>, <c>StartTls</c>, <c>StartTlsWhenAvailable</c>.</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.Auto;

    /// <summary>The user to authenticate as; none sends without authenticating.</summary>
    public string? Username { get; set; }

    public string? Password { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
