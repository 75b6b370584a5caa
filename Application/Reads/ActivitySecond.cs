namespace Allocation.Application.Reads;

/// <summary>What committed in one second: lines allocated and SKUs that ran out.</summary>
/// <param name="Second">The second's start, in UTC.</param>
/// <param name="Allocated">Allocated events.</param>
/// <param name="OutOfStock">OutOfStock events.</param>
public sealed record ActivitySecond(DateTimeOffset Second, int Allocated, int OutOfStock);
