namespace Allocation.Host.Security;

/// <summary>The authorization policies the endpoints require.</summary>
internal static class Policies
{
    /// <summary>Changes: needs a credential when authentication is configured.</summary>
    public const string Write = "write";

    /// <summary>Reads: open unless <c>Allocation:Security:ProtectReads</c>.</summary>
    public const string Read = "read";
}
