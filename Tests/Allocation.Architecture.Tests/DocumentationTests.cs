using System.Text.RegularExpressions;
using Allocation.TestSupport;

namespace Allocation.Architecture.Tests;

/// <summary>The architecture page and the decision records name files that exist, from the repository's root, and nothing outside it.</summary>
public sealed partial class DocumentationTests
{
    [Test]
    public void Every_file_the_architecture_page_and_the_decisions_name_exists()
    {
        var root = CommandLine.RepositoryRoot;
        var missing = Documents(root)
            .SelectMany(document => NamedPath().Matches(File.ReadAllText(document)).Select(m => (Document: Path.GetFileName(document), Path: m.Groups[1].Value)))
            .Where(named => LooksLikeAFile().IsMatch(named.Path))
            .Where(named => !File.Exists(Path.Combine(root, named.Path)) && !Directory.Exists(Path.Combine(root, named.Path)))
            .Select(named => $"{named.Document}: {named.Path}")
            .ToList();

        missing.Should().BeEmpty("a path in the docs is written from the repository's root and names a file that is there");
    }

    [Test]
    public void No_decision_cites_a_file_outside_the_repository()
    {
        var outside = Documents(CommandLine.RepositoryRoot)
            .Where(document => OutsidePath().IsMatch(File.ReadAllText(document)))
            .Select(Path.GetFileName)
            .ToList();

        outside.Should().BeEmpty("a reader of the repository alone must be able to follow every reference");
    }

    private static IEnumerable<string> Documents(string root) =>
        [Path.Combine(root, "docs", "architecture.md"), .. Directory.EnumerateFiles(Path.Combine(root, "docs", "adr"), "*.md").Order(StringComparer.Ordinal)];

    /// <summary>A path in backticks: a name, a slash, more (routes start with a slash and are not matched).</summary>
    [GeneratedRegex(@"`([A-Za-z0-9_.\-]+/[A-Za-z0-9_./\-]*)`")]
    private static partial Regex NamedPath();

    /// <summary>A file by its extension, or a folder by its trailing slash (<c>text/csv</c> is neither).</summary>
    [GeneratedRegex(@"(\.(cs|md|json|sql|props|targets|txt|csproj)|/)$")]
    private static partial Regex LooksLikeAFile();

    /// <summary>A path that leaves the repository: up from its root, or absolute on this machine.</summary>
    [GeneratedRegex(@"\.\./shared|\.\./\.\./|/work/|/tmp/|/home/")]
    private static partial Regex OutsidePath();
}
