using System.Net;
using System.Net.Sockets;

namespace Runnerly.Gateway.RateLimiting;

internal static class ClientAddress
{
    /// <summary>
    /// The partition for a client: its IPv4 address, or its IPv6 /64 network (one subscriber
    /// usually holds a whole /64, so single IPv6 addresses would be free to rotate).
    /// </summary>
    public static string Of(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            return new IPAddress(bytes) + "/64";
        }

        return address.ToString();
    }
}
