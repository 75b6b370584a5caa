namespace Allocation.Host.Tests;

/// <summary>The host process follows ASP.NET Core's hosting conventions, as a container image or a service manager expects.</summary>
[NonParallelizable]
public sealed class HostingConventionTests
{
    [TestCase("ASPNETCORE_URLS")]
    [TestCase("DOTNET_URLS")]
    public async Task The_host_listens_where_the_standard_variable_says_with_its_shipped_appsettings(string variable)
    {
        var data = Directory.CreateTempSubdirectory("allocation-urls-").FullName;
        try
        {
            // The working directory holds the shipped appsettings.json, as /app does in a container image.
            await using var host = await HostProcess.StartAsync(Path.GetDirectoryName(HostProcess.HostDll())!, new Dictionary<string, string>
            {
                ["ConnectionStrings__Allocation"] = $"Data Source={Path.Combine(data, "allocation.db")}",
            }, urlVariable: variable);

            (await host.Client.GetAsync("/health/live")).IsSuccessStatusCode.Should().BeTrue($"the host listens on the URL {variable} gives");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }

    [TestCase("Allocation__Security__ApiKeys__0", "short", "Allocation:Security:ApiKeys")]
    [TestCase("Allocation__Events__LeaseDuration", "00:00:00", "Allocation:Events:LeaseDuration")]
    [TestCase("Allocation__Http__ApiReference", "maybe", "Allocation:Http:ApiReference")]
    public async Task A_bad_setting_exits_1_with_one_json_line_naming_it_before_the_database_is_touched(string variable, string value, string named)
    {
        var directory = Directory.CreateTempSubdirectory("allocation-badsetting-").FullName;
        try
        {
            var start = new System.Diagnostics.ProcessStartInfo("dotnet", [HostProcess.HostDll(), "--urls", "http://127.0.0.1:0"])
            {
                WorkingDirectory = Path.GetDirectoryName(HostProcess.HostDll())!, // with the shipped appsettings, as /app in an image
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                Environment =
                {
                    ["ConnectionStrings__Allocation"] = $"Data Source={Path.Combine(directory, "never.db")}",
                    ["DOTNET_ENVIRONMENT"] = "Production",
                    [variable] = value,
                },
            };
            using var host = System.Diagnostics.Process.Start(start)!;
            var output = host.StandardOutput.ReadToEndAsync();
            var errors = host.StandardError.ReadToEndAsync();
            try
            {
                await host.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            }
            catch (TimeoutException)
            {
                host.Kill(entireProcessTree: true);
                throw;
            }

            var lines = (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries);

            host.ExitCode.Should().Be(1, await output + await errors);
            lines.Should().OnlyContain(line => line.TrimStart().StartsWith('{'), "Production logs are JSON only");
            lines.Where(line => line.Contains("\"Critical\"", StringComparison.Ordinal)).Should().ContainSingle()
                .Which.Should().Contain(named);
            (await output + await errors).Should().NotContain("   at ", "no stack trace");
            File.Exists(Path.Combine(directory, "never.db")).Should().BeFalse("nothing touched the database");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
