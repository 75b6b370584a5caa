using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Allocation.TestSupport;

namespace Allocation.Packaging.Tests;

/// <summary>
/// docs/consuming.md, followed as written: its shell commands in an empty folder against the packed
/// packages, its <c>Program.cs</c>, its run command, and each of its <c>curl</c> lines checked
/// against the status and text its comment promises.
/// </summary>
public sealed partial class PackagingTests
{
    [Test]
    public async Task Consuming_md_followed_step_by_step_gives_a_service_that_answers_as_it_says()
    {
        var steps = WalkthroughSteps(await File.ReadAllTextAsync(Path.Combine(Root, "docs", "consuming.md")));
        var folder = Directory.CreateDirectory(Path.Combine(_work, "walkthrough")).FullName;
        var environment = new Dictionary<string, string>
        {
            ["ALLOCATION_PACKAGES"] = _feed,
            ["NUGET_PACKAGES"] = Path.Combine(_work, "walkthrough-packages"), // nothing cached from an earlier run
        };

        var (created, output) = await CommandLine.BashAsync(folder, environment, steps["shell"]);
        created.Should().Be(0, output);
        var shop = Path.Combine(folder, "Shop");
        await File.WriteAllTextAsync(Path.Combine(shop, "Program.cs"), steps["Program.cs"]);
        await CommandLine.DotnetAsync(shop, environment, "build");

        var (refused, message) = await CommandLine.BashAsync(shop, environment, "dotnet run --no-build --urls http://127.0.0.1:0");
        refused.Should().NotBe(0, "without a connection string the service does not start");
        message.Should().Contain("No connection string for the SQLite store").And.Contain("ConnectionStrings:Allocation");

        var address = $"127.0.0.1:{FreePort()}";
        using var service = CommandLine.StartBash(shop, environment, steps["run"].Replace("localhost:5000", address, StringComparison.Ordinal)
            .Replace("dotnet run", "exec dotnet run --no-build", StringComparison.Ordinal));
        try
        {
            await WaitForAsync(address);
            foreach (var (curl, status, text) in Tries(steps["try"]))
            {
                var command = curl.Replace("localhost:5000", address, StringComparison.Ordinal).Replace("curl -s ", "curl -s -w '\\n%{http_code}' ", StringComparison.Ordinal);
                var (exitCode, answer) = await CommandLine.BashAsync(shop, environment, command);
                exitCode.Should().Be(0, answer);
                var lines = answer.TrimEnd().Split('\n');
                (lines[^1], string.Join('\n', lines[..^1])).Should().Match<(string Status, string Body)>(
                    a => a.Status == status && a.Body.Contains(text, StringComparison.Ordinal), $"`{curl}` promises {status} {text}, and answered {answer}");
            }
        }
        finally
        {
            service.Kill(entireProcessTree: true);
            await service.WaitForExitAsync();
        }
    }

    /// <summary>The code blocks marked <c>&lt;!-- walkthrough: NAME --&gt;</c>, by name.</summary>
    private static Dictionary<string, string> WalkthroughSteps(string markdown) =>
        WalkthroughBlock().Matches(markdown).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["code"].Value, StringComparer.Ordinal);

    /// <summary>Each <c>curl</c> line with the <c># → STATUS TEXT</c> comment under it.</summary>
    private static IEnumerable<(string Curl, string Status, string Text)> Tries(string block)
    {
        var lines = block.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i + 1 < lines.Length; i += 2)
        {
            var promise = Promise().Match(lines[i + 1]);
            promise.Success.Should().BeTrue($"`{lines[i]}` is followed by its promise, `# → STATUS TEXT`");
            yield return (lines[i], promise.Groups["status"].Value, promise.Groups["text"].Value);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitForAsync(string address)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var attempt = 0; attempt < 120; attempt++)
        {
            try
            {
                await client.GetAsync(new Uri($"http://{address}/"));
                return;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(500);
            }
        }

        Assert.Fail($"The walkthrough's service never answered on {address}.");
    }

    [GeneratedRegex(@"<!-- walkthrough: (?<name>[^ ]+) -->\s*```\w*\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex WalkthroughBlock();

    [GeneratedRegex(@"^# → (?<status>\d{3}) (?<text>.+)$")]
    private static partial Regex Promise();
}
