namespace Allocation.Host.Security;

/// <summary>The <c>Allocation:Security</c> section: API keys for the write routes, and optionally the read routes.</summary>
internal sealed class SecuritySettings
{
    public const string SectionName = "Allocation:Security";

    /// <summary>Keys accepted in the <c>X-Api-Key</c> header. None (the default) turns authentication off, for local use.</summary>
    public string[] ApiKeys { get; set; } = [];

    /// <summary>Whether the read routes need a key too. Default false: reads stay open.</summary>
    public bool ProtectReads { get; set; }

    public bool Enabled => ApiKeys.Length > 0;

    public IEnumerable<string> Problems()
    {
        if (ApiKeys.Any(key => string.IsNullOrWhiteSpace(key) || key.Length < 16))
        {
            yield return $"{SectionName}:ApiKeys must each be at least 16 characters (use a random secret).";
        }

        if (ProtectReads && !Enabled)
        {
            yield return $"{SectionName}:ProtectReads needs at least one key in {SectionName}:ApiKeys.";
        }
    }
}
