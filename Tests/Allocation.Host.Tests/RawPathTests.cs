using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Allocation.Host.Tests;

/// <summary>
/// Request targets sent as is over a real socket (what <c>curl --path-as-is</c> does; .NET's own
/// client removes dot segments before sending), so that the handler and the router read one path.
/// </summary>
[NonParallelizable]
public sealed class RawPathTests
{
    [Test]
    public async Task A_change_sent_to_a_path_with_dot_segments_changes_the_batch_routing_matched()
    {
        await using var host = await HostProcess.StartOnItsOwnDatabaseAsync("rawpath");
        var client = host.Client;
        await client.PostJsonAsync("/batches", new { @ref = "eta9", sku = "LAMP", qty = 5 });
        await client.PostJsonAsync("/batches", new { @ref = "hb1", sku = "LAMP", qty = 5 });

        var status = await SendRawAsync(client.BaseAddress!, "PATCH", "/batches/eta9/../hb1", """{"qty": 7}""");

        status.Should().Be(200);
        (await (await client.GetAsync("/batches/hb1")).JsonAsync()).GetProperty("qty").GetInt32().Should().Be(7, "routing matched /batches/hb1");
        (await (await client.GetAsync("/batches/eta9")).JsonAsync()).GetProperty("qty").GetInt32().Should().Be(5, "the segment before the dot segments is not the one routed");
        (await SendRawAsync(client.BaseAddress!, "POST", "/batches", """{"ref": "..", "sku": "LAMP", "qty": 5}""")).Should().Be(400, "a ref that no URL can address is refused");
    }

    /// <summary>Sends one request with its target exactly as given, and returns the status code.</summary>
    private static async Task<int> SendRawAsync(Uri server, string method, string target, string json)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, server.Port);
        await using var stream = tcp.GetStream();
        var body = Encoding.UTF8.GetBytes(json);
        var head = $"{method} {target} HTTP/1.1\r\nHost: 127.0.0.1:{server.Port}\r\nContent-Type: application/json\r\n" +
                   $"Content-Length: {body.Length}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await stream.WriteAsync(body);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var statusLine = await reader.ReadLineAsync() ?? "";
        return int.Parse(statusLine.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }
}
