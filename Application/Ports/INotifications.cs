namespace Allocation.Application.Ports;

/// <summary>Tells people something (the book's <c>AbstractNotifications</c>): the adapter knows how, and to whom.</summary>
public interface INotifications
{
    /// <summary>Sends a notification.</summary>
    /// <param name="subject">A one-line summary.</param>
    /// <param name="body">The text.</param>
    /// <param name="cancellationToken">Cancels the sending.</param>
    /// <returns>A task that completes when the notification was accepted for delivery.</returns>
    Task SendAsync(string subject, string body, CancellationToken cancellationToken = default);
}
