namespace Allocation.Host.Errors;

/// <summary>
/// The stable <c>code</c> of problems only this host raises. Domain and application codes come from
/// their exceptions, and the HTTP layer's own from <see cref="AspNetCore.HttpProblemCodes"/>.
/// </summary>
internal static class ProblemCodes
{
    public const string NoAllocations = "no-allocations";
    public const string NotParked = "not-parked";
    public const string NotBehindRetention = "not-behind-retention";
    public const string ImportsBusy = "imports-busy";
    public const string FeedBusy = "feed-busy";
    public const string UnknownOrder = "unknown-order";
    public const string NoInboundChannel = "no-inbound-channel";
}
