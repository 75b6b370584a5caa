using System.Text.RegularExpressions;
using Allocation.TestSupport;

namespace Allocation.Architecture.Tests;

/// <summary>A type's namespace says where its file is, so a reader finds a rule where its name says it is.</summary>
public sealed partial class NamespaceTests
{
    private static readonly (string Folder, string Namespace)[] Projects =
    [
        ("Domain", "Allocation.Domain"),
        ("Application", "Allocation.Application"),
        ("Adapters/Allocation.Adapters", "Allocation.Adapters"),
        ("Adapters/Allocation.Adapters.Sqlite", "Allocation.Adapters.Sqlite"),
        ("Adapters/Allocation.Adapters.Postgres", "Allocation.Adapters.Postgres"),
        ("Adapters/Allocation.Adapters.Redis", "Allocation.Adapters.Redis"),
        ("Adapters/Allocation.AspNetCore", "Allocation.AspNetCore"),
        ("Host", "Allocation.Host"),
    ];

    /// <summary>
    /// The deliberate exceptions: DI registration extensions live in Microsoft.Extensions.DependencyInjection
    /// (the .NET convention, found without a using), and the extension members that open a database
    /// (<c>AllocationDatabase.Sqlite(...)</c>) live in AllocationDatabase's namespace, so one using finds both.
    /// </summary>
    private static readonly string[] Conventional = ["Microsoft.Extensions.DependencyInjection", "Allocation.Adapters.Sql"];

    [Test]
    public void Namespaces_follow_folders()
    {
        var root = CommandLine.RepositoryRoot;
        var wrong = new List<string>();
        foreach (var (folder, rootNamespace) in Projects)
        {
            var directory = Path.Combine(root, folder);
            foreach (var file in Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories)
                         .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                                     && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
            {
                var relative = Path.GetRelativePath(directory, Path.GetDirectoryName(file)!);
                var expected = relative == "." ? rootNamespace : $"{rootNamespace}.{relative.Replace(Path.DirectorySeparatorChar, '.')}";
                var declared = Declared().Match(File.ReadAllText(file)) is { Success: true } match ? match.Groups[1].Value : null;
                if (declared is not null && declared != expected && !Conventional.Contains(declared))
                {
                    wrong.Add($"{Path.GetRelativePath(root, file)}: {declared}, expected {expected}");
                }
            }
        }

        wrong.Should().BeEmpty();
    }

    [GeneratedRegex(@"^namespace ([\w.]+)", RegexOptions.Multiline)]
    private static partial Regex Declared();
}
