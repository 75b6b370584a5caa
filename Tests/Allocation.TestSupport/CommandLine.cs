using System.Diagnostics;
using NUnit.Framework;

namespace Allocation.TestSupport;

/// <summary>Commands a test runs from the outside as a user would (<c>dotnet</c>, <c>bash</c>), and the repository they run in.</summary>
public static class CommandLine
{
    /// <summary>The repository's root: the directory holding <c>Allocation.sln</c> above the running test.</summary>
    public static string RepositoryRoot
    {
        get
        {
            var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Allocation.sln")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException("Allocation.sln not found above the test directory.");
        }
    }

    /// <summary>Runs <c>dotnet</c> with <paramref name="arguments"/>; fails the test, with its output, unless it exits 0.</summary>
    /// <returns>What it wrote to standard output and standard error.</returns>
    public static Task<string> DotnetAsync(string workingDirectory, params string[] arguments) =>
        DotnetAsync(workingDirectory, new Dictionary<string, string>(), arguments);

    /// <summary>Runs <c>dotnet</c> with <paramref name="arguments"/> and extra environment variables; fails the test unless it exits 0.</summary>
    /// <returns>What it wrote to standard output and standard error.</returns>
    public static async Task<string> DotnetAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var (exitCode, output) = await RunAsync(Start("dotnet", workingDirectory, environment, arguments));
        if (exitCode != 0)
        {
            Assert.Fail($"`dotnet {string.Join(' ', arguments)}` exited {exitCode}:\n{output}");
        }

        return output;
    }

    /// <summary>Runs a <c>bash</c> script, as a reader would paste it into a terminal.</summary>
    /// <returns>Its exit code, and what it wrote to standard output and standard error.</returns>
    public static Task<(int ExitCode, string Output)> BashAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment, string script) =>
        RunAsync(Start("bash", workingDirectory, environment, ["-euo", "pipefail", "-c", script]));

    /// <summary>Starts a long-running <c>bash</c> command (a server); the caller kills its process tree.</summary>
    public static Process StartBash(string workingDirectory, IReadOnlyDictionary<string, string> environment, string command) =>
        Process.Start(Start("bash", workingDirectory, environment, ["-c", command]))!;

    /// <summary>Copies a project folder's sources, without its <c>bin</c> and <c>obj</c> (and anything generated into <c>Client</c>).</summary>
    public static void CopyProject(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or "Client"))
            {
                continue;
            }

            var target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static ProcessStartInfo Start(string fileName, string workingDirectory, IReadOnlyDictionary<string, string> environment, string[] arguments)
    {
        var start = new ProcessStartInfo(fileName, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["DOTNET_NOLOGO"] = "1", ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1" },
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return start;
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(ProcessStartInfo start)
    {
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await errors);
    }
}
