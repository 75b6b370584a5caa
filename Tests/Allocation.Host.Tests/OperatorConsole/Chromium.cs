namespace Allocation.Host.Tests.OperatorConsole;

/// <summary>Debian's chromium, which CI installs and requires (<c>ALLOCATION_REQUIRE_CHROMIUM=1</c>).</summary>
internal static class Chromium
{
    public static string Path()
    {
        var found = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists);
        if (found is null)
        {
            if (Environment.GetEnvironmentVariable("ALLOCATION_REQUIRE_CHROMIUM") == "1")
            {
                Assert.Fail("chromium is required (ALLOCATION_REQUIRE_CHROMIUM=1) but is not installed: apt-get install chromium.");
            }

            Assert.Ignore("chromium is not installed (apt-get install chromium); CI installs it and requires these tests.");
        }

        return found!;
    }
}
