using Microsoft.Extensions.Options;

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
}

/// <summary>Checks <see cref="SecuritySettings"/> when the host starts, naming each wrong setting.</summary>
internal sealed class SecuritySettingsValidator : IValidateOptions<SecuritySettings>
{
    public ValidateOptionsResult Validate(string? name, SecuritySettings options)
    {
        var failures = new List<string>();
        if (options.ApiKeys.Any(key => string.IsNullOrWhiteSpace(key) || key.Length < 16))
        {
            failures.Add($"{SecuritySettings.SectionName}:ApiKeys must each be at least 16 characters (use a random secret).");
        }

        if (options.ProtectReads && !options.Enabled)
        {
            failures.Add($"{SecuritySettings.SectionName}:ProtectReads needs at least one key in {SecuritySettings.SectionName}:ApiKeys.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
