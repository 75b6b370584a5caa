using System.Reflection;
using System.Xml.Linq;
using Allocation.Adapters.InMemory;
using Allocation.Application;
using Allocation.Domain;
using Allocation.TestSupport;

namespace Allocation.Architecture.Tests;

/// <summary>Dependencies flow inward only: Domain ← Application ← Adapters/Host.</summary>
public sealed class DependencyRulesTests
{
    private static readonly Assembly Domain = typeof(Product).Assembly;
    private static readonly Assembly Application = typeof(AllocationService).Assembly;
    private static readonly Assembly Adapters = typeof(InMemoryAllocationStore).Assembly;

    [Test]
    public void The_domain_project_references_no_package_and_no_project()
    {
        var references = ProjectReferences("Domain/Allocation.Domain.csproj");

        references.Should().BeEmpty("the domain model must stay free of dependencies");
    }

    [Test]
    public void The_domain_assembly_references_only_the_base_class_library()
    {
        var frameworkDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;

        var foreign = Domain.GetReferencedAssemblies()
            .Where(name => !File.Exists(Path.Combine(frameworkDirectory, name.Name + ".dll")))
            .Select(name => name.Name);

        foreign.Should().BeEmpty();
    }

    [Test]
    public void The_application_references_the_domain_and_abstractions_only()
    {
        var projects = ProjectReferences("Application/Allocation.Application.csproj").Where(r => r.Kind == "ProjectReference");

        projects.Select(r => r.Include).Should().Equal(@"..\Domain\Allocation.Domain.csproj");
        AllocationReferences(Application).Should().Equal("Allocation.Domain");
    }

    [Test]
    public void The_adapters_do_not_reference_the_host()
    {
        AllocationReferences(Adapters).Should().NotContain("Allocation.Host");
        ProjectReferences("Adapters/Allocation.Adapters/Allocation.Adapters.csproj").Select(r => r.Include)
            .Should().NotContain(include => include.Contains("Host", StringComparison.Ordinal));
    }

    [Test]
    public void The_http_error_table_depends_on_the_application_and_aspnetcore_alone()
    {
        AllocationReferences(typeof(Allocation.AspNetCore.HttpProblemCodes).Assembly).Should().Equal("Allocation.Application", "Allocation.Domain");
        PackageReferences("Adapters/Allocation.AspNetCore/Allocation.AspNetCore.csproj").Should().BeEmpty("the shared framework is enough");
    }

    [Test]
    public void Each_store_package_brings_only_its_own_database_driver()
    {
        var core = PackageReferences("Adapters/Allocation.Adapters/Allocation.Adapters.csproj");
        var sqlite = PackageReferences("Adapters/Allocation.Adapters.Sqlite/Allocation.Adapters.Sqlite.csproj");
        var postgres = PackageReferences("Adapters/Allocation.Adapters.Postgres/Allocation.Adapters.Postgres.csproj");

        core.Should().NotContain(["Microsoft.Data.Sqlite", "Npgsql"], "a consumer of one engine must not restore the other's driver");
        sqlite.Should().Equal("Microsoft.Data.Sqlite");
        postgres.Should().Equal("Npgsql");
    }

    [Test]
    public void The_application_depends_only_on_abstractions_and_polly()
    {
        PackageReferences("Application/Allocation.Application.csproj").Should().OnlyContain(package =>
            package == "Polly.Core" || package.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal));
    }

    private static string[] PackageReferences(string project) =>
        [.. ProjectReferences(project).Where(r => r.Kind == "PackageReference").Select(r => r.Include)];

    private static string[] AllocationReferences(Assembly assembly) =>
        [.. assembly.GetReferencedAssemblies().Select(name => name.Name!).Where(name => name.StartsWith("Allocation.", StringComparison.Ordinal)).Order()];

    private static List<(string Kind, string Include)> ProjectReferences(string relativePath)
    {
        var project = XDocument.Load(Path.Combine(CommandLine.RepositoryRoot, relativePath));
        return [.. project.Descendants()
            .Where(e => e.Name.LocalName is "PackageReference" or "ProjectReference")
            .Select(e => (e.Name.LocalName, (string?)e.Attribute("Include") ?? ""))];
    }
}
