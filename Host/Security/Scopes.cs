using System.Security.Claims;

namespace Allocation.Host.Security;

/// <summary>The OAuth scopes a bearer token needs: one for changes, one for protected reads.</summary>
internal static class Scopes
{
    public const string Write = "allocation.write";
    public const string Read = "allocation.read";

    /// <summary>
    /// Whether the caller may act with <paramref name="scope"/>: an API key may do anything; a token
    /// needs the scope in its <c>scope</c> or <c>scp</c> claim (space-separated, or one claim each).
    /// </summary>
    public static bool Grants(ClaimsPrincipal user, string scope) =>
        user.Identities.Any(identity => identity.IsAuthenticated && identity.AuthenticationType == ApiKeyAuthenticationHandler.SchemeName)
        || user.FindAll(claim => claim.Type is "scope" or "scp")
            .SelectMany(claim => claim.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Contains(scope, StringComparer.Ordinal);
}
