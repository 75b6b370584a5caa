using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace Allocation.Host.OperatorConsole;

/// <summary>
/// The console's files, built into this assembly (no wwwroot to deploy, no CDN). Each script and
/// style sheet is served under a name that carries its content hash (<c>app.3f9c0a1b2c4d.js</c>),
/// so it can be cached for a year; the page that names them is never cached.
/// </summary>
internal sealed class ConsoleAssets
{
    private const string Prefix = "console/";
    private const string PagePlaceholder = "{{base}}";

    private readonly FrozenDictionary<string, Asset> _byServedName;
    private readonly string _pageTemplate;

    private ConsoleAssets(FrozenDictionary<string, Asset> byServedName, string pageTemplate)
    {
        _byServedName = byServedName;
        _pageTemplate = pageTemplate;
    }

    /// <summary>Loads every file under <c>OperatorConsole/Assets</c> and fingerprints it.</summary>
    public static ConsoleAssets Load()
    {
        var assembly = typeof(ConsoleAssets).Assembly;
        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        string? page = null;
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            var name = resource[Prefix.Length..];
            var content = Read(assembly, resource);
            if (name == "index.html")
            {
                page = Encoding.UTF8.GetString(content);
                continue;
            }

            var hash = Convert.ToHexStringLower(SHA256.HashData(content))[..12];
            var served = $"{Path.GetFileNameWithoutExtension(name)}.{hash}{Path.GetExtension(name)}";
            assets[name] = new Asset(served, content, ContentType(name), $"\"{hash}\"");
        }

        if (page is null)
        {
            throw new InvalidOperationException("The console's index.html is not built into the host.");
        }

        // The page names each file by its fingerprinted name: {{asset:app.js}} becomes app.<hash>.js.
        foreach (var (name, asset) in assets)
        {
            page = page.Replace($"{{{{asset:{name}}}}}", asset.ServedName, StringComparison.Ordinal);
        }

        return new ConsoleAssets(assets.Values.ToFrozenDictionary(a => a.ServedName, StringComparer.Ordinal), page);
    }

    /// <summary>The page for <paramref name="pathBase"/>, which its scripts prefix to every API call.</summary>
    public string Page(string pathBase) => _pageTemplate.Replace(PagePlaceholder, System.Net.WebUtility.HtmlEncode(pathBase), StringComparison.Ordinal);

    /// <summary>The file served as <paramref name="servedName"/>, or <see langword="null"/>.</summary>
    public Asset? Find(string servedName) => _byServedName.GetValueOrDefault(servedName);

    private static byte[] Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static string ContentType(string name) => Path.GetExtension(name) switch
    {
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => "application/octet-stream",
    };

    /// <summary>One fingerprinted file.</summary>
    public sealed record Asset(string ServedName, byte[] Content, string ContentType, string ETag);
}
