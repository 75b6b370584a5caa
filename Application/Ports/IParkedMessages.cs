namespace Allocation.Application.Ports;

/// <summary>
/// Messages from other systems that the service could not take (a bad payload, an unknown batch,
/// too many failed deliveries), set aside with the reason so that an operator can requeue them once
/// the cause is fixed, or delete them. Implemented by an inbound channel, such as Redis.
/// </summary>
public interface IParkedMessages
{
    /// <summary>The parked messages, oldest first.</summary>
    /// <param name="limit">The most messages to return.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>Up to <paramref name="limit"/> messages.</returns>
    Task<IReadOnlyList<ParkedMessage>> ListAsync(int limit, CancellationToken cancellationToken = default);

    /// <summary>Puts a parked message's payload back on the channel it came from, as a new message, and removes it from the parked ones, together.</summary>
    /// <param name="id">The parked message's id.</param>
    /// <param name="cancellationToken">Cancels the work before it starts.</param>
    /// <returns>The new message's id on its channel, or <see langword="null"/> when no message is parked under <paramref name="id"/>.</returns>
    Task<string?> RequeueAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Gives up on a parked message.</summary>
    /// <param name="id">The parked message's id.</param>
    /// <param name="cancellationToken">Cancels the work before it starts.</param>
    /// <returns><see langword="false"/> when no message is parked under <paramref name="id"/>.</returns>
    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default);
}

/// <summary>A message set aside.</summary>
/// <param name="Id">Its id among the parked messages.</param>
/// <param name="Channel">Where it came from (a stream name).</param>
/// <param name="MessageId">Its id there.</param>
/// <param name="Payload">Its payload, as received.</param>
/// <param name="Reason">Why it was set aside.</param>
/// <param name="Deliveries">How many times it was delivered.</param>
/// <param name="ParkedAt">When it was set aside.</param>
public sealed record ParkedMessage(string Id, string Channel, string MessageId, string Payload, string Reason, int Deliveries, DateTimeOffset ParkedAt);
