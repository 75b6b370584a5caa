using System.Globalization;
using Allocation.Application.Ports;
using StackExchange.Redis;

namespace Allocation.Adapters.Redis;

/// <summary>
/// The inbound messages parked in the stream <c>allocation:parked</c>: listed, requeued (the payload
/// added to its inbound stream as a new message and the parked entry deleted, in one script),
/// or deleted.
/// </summary>
internal sealed class RedisParkedMessages(RedisConnection connection) : IParkedMessages
{
    // A parked entry's fields: written by Entry, read back by Read, and nowhere else.
    private const string StreamField = "stream";
    private const string IdField = "id";
    private const string PayloadField = "payload";
    private const string ReasonField = "reason";
    private const string DeliveriesField = "deliveries";
    private const string AtField = "at";

    private const string Requeue = """
        local found = redis.call('XRANGE', KEYS[1], ARGV[1], ARGV[1])
        if #found == 0 then return false end
        local fields, payload = found[1][2], ''
        for i = 1, #fields, 2 do if fields[i] == 'payload' then payload = fields[i + 1] end end
        redis.call('XDEL', KEYS[1], ARGV[1])
        return redis.call('XADD', KEYS[2], '*', 'payload', payload)
        """;

    public async Task<IReadOnlyList<ParkedMessage>> ListAsync(int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var database = (await connection.GetAsync().ConfigureAwait(false)).GetDatabase();
        var entries = await database.StreamRangeAsync(connection.Options.ParkedStream, count: limit).ConfigureAwait(false);
        return [.. entries.Select(Read)];
    }

    public async Task<string?> RequeueAsync(string id, CancellationToken cancellationToken = default)
    {
        var database = (await connection.GetAsync().ConfigureAwait(false)).GetDatabase();
        // Only the inbound stream this service reads is written; the parked entry goes in the same step, so two requeues cannot both add it.
        var added = await database.ScriptEvaluateAsync(Requeue,
            [connection.Options.ParkedStream, connection.Options.ChangeBatchQuantityStream], [id]).ConfigureAwait(false);
        return added.IsNull ? null : added.ToString();
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        var database = (await connection.GetAsync().ConfigureAwait(false)).GetDatabase();
        return await database.StreamDeleteAsync(connection.Options.ParkedStream, [id]).ConfigureAwait(false) > 0;
    }

    /// <summary>The entry that parks message <paramref name="id"/> of <paramref name="stream"/>, with why and after how many deliveries.</summary>
    internal static NameValueEntry[] Entry(string stream, RedisValue id, string payload, string reason, int deliveries, DateTimeOffset at) =>
    [
        new(StreamField, stream),
        new(IdField, id),
        new(PayloadField, payload),
        new(ReasonField, reason),
        new(DeliveriesField, deliveries),
        new(AtField, at.ToString("O", CultureInfo.InvariantCulture)),
    ];

    private static ParkedMessage Read(StreamEntry entry)
    {
        string Field(string name) => entry[name].IsNull ? "" : entry[name].ToString();
        return new ParkedMessage(
            entry.Id.ToString(), Field(StreamField), Field(IdField), Field(PayloadField), Field(ReasonField),
            int.TryParse(Field(DeliveriesField), NumberStyles.None, CultureInfo.InvariantCulture, out var deliveries) ? deliveries : 0,
            DateTimeOffset.TryParse(Field(AtField), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : DateTimeOffset.MinValue);
    }
}
