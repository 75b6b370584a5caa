using System.IO.Compression;
using Allocation.TestSupport;
using System.Xml.Linq;

namespace Allocation.Packaging.Tests;

/// <summary>
/// Proof from the outside: pack the libraries into a temporary feed, then restore, build and test
/// the consumer under Tests/Consumer against those packages only, with an isolated package cache.
/// </summary>
[NonParallelizable]
public sealed partial class PackagingTests
{
    private static readonly string[] Libraries =
    [
        "Domain/Allocation.Domain.csproj",
        "Application/Allocation.Application.csproj",
        "Adapters/Allocation.Adapters/Allocation.Adapters.csproj",
        "Adapters/Allocation.Adapters.Sqlite/Allocation.Adapters.Sqlite.csproj",
        "Adapters/Allocation.Adapters.Postgres/Allocation.Adapters.Postgres.csproj",
        "Adapters/Allocation.Adapters.Redis/Allocation.Adapters.Redis.csproj",
        "Adapters/Allocation.AspNetCore/Allocation.AspNetCore.csproj",
    ];

    private static string _work = null!;
    private static string _feed = null!;
    private static string _version = null!;

    [OneTimeSetUp]
    public static async Task PackEveryLibrary()
    {
        _work = Directory.CreateTempSubdirectory("allocation-packaging-").FullName;
        _feed = Path.Combine(_work, "feed");
        var suffix = $"consumer.{DateTime.UtcNow:yyyyMMddHHmmss}";
        var prefix = System.Xml.Linq.XDocument.Load(Path.Combine(Root, "Directory.Build.props")).Descendants("VersionPrefix").Single().Value;
        _version = $"{prefix}-{suffix}";
        foreach (var library in Libraries)
        {
            await DotnetAsync(Root, "pack", Path.Combine(Root, library), "-c", "Release", "--no-restore", "-o", _feed, $"-p:VersionSuffix={suffix}");
        }
    }

    [OneTimeTearDown]
    public static void CleanUp() => Directory.Delete(_work, recursive: true);

    [TestCase("Allocation.Domain")]
    [TestCase("Allocation.Application")]
    [TestCase("Allocation.Adapters")]
    [TestCase("Allocation.Adapters.Sqlite")]
    [TestCase("Allocation.Adapters.Postgres")]
    [TestCase("Allocation.Adapters.Redis")]
    [TestCase("Allocation.AspNetCore")]
    public void Each_package_has_its_readme_docs_license_symbols_and_repository(string id)
    {
        var package = Path.Combine(_feed, $"{id}.{_version}.nupkg");
        using var zip = ZipFile.OpenRead(package);
        var entries = zip.Entries.Select(e => e.FullName).ToList();
        var nuspec = XDocument.Load(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
        string? Element(string name) => nuspec.Descendants().FirstOrDefault(e => e.Name.LocalName == name)?.Value;

        entries.Should().Contain(["README.md", $"lib/net10.0/{id}.dll", $"lib/net10.0/{id}.xml"]);
        Element("license").Should().Be("MIT");
        Element("description").Should().NotBeNullOrWhiteSpace();
        Element("readme").Should().Be("README.md");
        nuspec.Descendants().Should().Contain(e => e.Name.LocalName == "repository");
        File.Exists(Path.ChangeExtension(package, ".snupkg")).Should().BeTrue();
    }

    [Test]
    public void The_domain_package_depends_on_nothing()
    {
        using var zip = ZipFile.OpenRead(Path.Combine(_feed, $"Allocation.Domain.{_version}.nupkg"));
        var nuspec = XDocument.Load(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());

        nuspec.Descendants().Where(e => e.Name.LocalName == "dependency").Should().BeEmpty();
    }

    [Test]
    public async Task A_consumer_built_on_the_packages_alone_passes_its_own_tests()
    {
        var consumer = Path.Combine(_work, "Consumer");
        CommandLine.CopyProject(Path.Combine(Root, "Tests", "Consumer"), consumer);
        var cache = Path.Combine(_work, "packages");
        var globalPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var tests = Path.Combine(consumer, "ConsumerApp.Tests");

        // The local packages folder serves the third-party packages without the network; nuget.org is the fallback.
        await DotnetAsync(consumer, ("NUGET_PACKAGES", cache), "restore", tests, $"-p:AllocationVersion={_version}",
            "--source", _feed, "--source", globalPackages, "--source", "https://api.nuget.org/v3/index.json");
        var output = await DotnetAsync(consumer, ("NUGET_PACKAGES", cache), "test", tests, "--no-restore", $"-p:AllocationVersion={_version}");

        output.Should().Contain("Passed!").And.Contain("Passed:     3");
        Directory.Exists(Path.Combine(cache, "allocation.adapters.sqlite", _version)).Should().BeTrue("the consumer used the packed package");
        Directory.Exists(Path.Combine(cache, "npgsql")).Should().BeFalse("a SQLite-only consumer does not restore the PostgreSQL driver");
    }

    private static string Root => CommandLine.RepositoryRoot;

    private static Task<string> DotnetAsync(string workingDirectory, params string[] arguments) => CommandLine.DotnetAsync(workingDirectory, arguments);

    private static Task<string> DotnetAsync(string workingDirectory, (string Name, string Value) variable, params string[] arguments) =>
        CommandLine.DotnetAsync(workingDirectory, new Dictionary<string, string> { [variable.Name] = variable.Value }, arguments);
}
