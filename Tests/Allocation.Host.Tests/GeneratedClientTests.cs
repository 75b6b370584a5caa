using Allocation.TestSupport;

namespace Allocation.Host.Tests;

/// <summary>
/// The OpenAPI document is enough to call the service: Kiota generates a C# client from the running
/// host's <c>/openapi/v1.json</c>, and Tests/GeneratedClient, written against that client only,
/// adds batches, allocates, reads typed problems and typed events over a real socket.
/// </summary>
[NonParallelizable]
public sealed class GeneratedClientTests
{
    [Test]
    public async Task A_client_generated_from_the_document_calls_the_api_and_reads_typed_problems_and_events()
    {
        var work = Directory.CreateTempSubdirectory("allocation-generated-client-").FullName;
        try
        {
            await using var host = await HostProcess.StartOnItsOwnDatabaseAsync("generated-client");
            var document = Path.Combine(work, "openapi.json");
            await File.WriteAllTextAsync(document, await host.Client.GetStringAsync("/openapi/v1.json"));
            var project = Path.Combine(work, "GeneratedClient");
            CommandLine.CopyProject(Path.Combine(CommandLine.RepositoryRoot, "Tests", "GeneratedClient"), project);

            await CommandLine.DotnetAsync(CommandLine.RepositoryRoot, "tool", "restore");
            await CommandLine.DotnetAsync(CommandLine.RepositoryRoot, "kiota", "generate", "-d", document, "-l", "CSharp", "-c", "AllocationClient",
                "-n", "Allocation.Client", "-o", Path.Combine(project, "Client"), "--exclude-backward-compatible", "--log-level", "Error");
            var output = await CommandLine.DotnetAsync(project, "run", "--", host.Client.BaseAddress!.ToString().TrimEnd('/'));

            await TestContext.Out.WriteLineAsync(output);
            output.Should().Contain("generated client: every check passed").And.NotContain("FAIL");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
