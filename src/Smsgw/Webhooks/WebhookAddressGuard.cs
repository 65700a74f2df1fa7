using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Smsgw.Webhooks;

/// <summary>
/// Keeps webhook requests off the gateway's own network (SSRF): loopback, link-local, private, unique-local and
/// other non-public addresses are refused unless <see cref="WebhookOptions.AllowPrivateAddresses"/>. Checked on the
/// URL when a webhook is created and again on the resolved address at every connection, so a DNS name that later
/// points inside is refused too.
/// </summary>
internal sealed class WebhookAddressGuard(IOptions<WebhookOptions> options)
{
    /// <summary>Null when the endpoint may be used, else why not.</summary>
    public string? Check(string endpoint)
    {
        if (endpoint.Length > 2000 || !Uri.TryCreate(endpoint, UriKind.Absolute, out var uri))
        {
            return "webhook_endpoint must be an absolute URL of at most 2000 characters";
        }
        if (uri.Scheme is not ("http" or "https"))
        {
            return "webhook_endpoint must be http or https";
        }
        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return "webhook_endpoint must not carry credentials";
        }
        if (!string.IsNullOrEmpty(uri.Fragment) || endpoint.Contains('#', StringComparison.Ordinal))
        {
            return "webhook_endpoint must not have a #fragment";
        }
        if (!options.Value.AllowPrivateAddresses
            && (uri.IsLoopback || string.Equals(uri.IdnHost, "localhost", StringComparison.OrdinalIgnoreCase)
                || (IPAddress.TryParse(uri.IdnHost, out var address) && !IsPublic(address))))
        {
            return "webhook_endpoint points to a private or local address";
        }
        return null;
    }

    /// <summary>The connection step of the webhook HTTP client: resolves, refuses private targets, connects.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken).ConfigureAwait(false);
        var allowed = options.Value.AllowPrivateAddresses ? addresses : addresses.Where(IsPublic).ToArray();
        if (allowed.Length == 0)
        {
            throw new HttpRequestException($"webhook endpoint host {context.DnsEndPoint.Host} resolves to no public address");
        }
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var v6 = address.GetAddressBytes();
            // IPv4 inside IPv6 (NAT64 64:ff9b::/96, 6to4 2002::/16) is judged by the IPv4 address it carries;
            // Teredo (2001::/32) and the discard prefix (100::/64) are never a webhook's home.
            if (v6[0] == 0x00 && v6[1] == 0x64 && v6[2] == 0xff && v6[3] == 0x9b)
            {
                return IsPublic(new IPAddress(v6.AsSpan(12, 4)));
            }
            if (v6[0] == 0x20 && v6[1] == 0x02)
            {
                return IsPublic(new IPAddress(v6.AsSpan(2, 4)));
            }
            if ((v6[0] == 0x20 && v6[1] == 0x01 && v6[2] == 0x00 && v6[3] == 0x00) || (v6[0] == 0x01 && v6[1] == 0x00 && v6.AsSpan(2, 6).IndexOfAnyExcept((byte)0) < 0))
            {
                return false;
            }
        }
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast))
        {
            return false;
        }
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] == 10 || b[0] == 0 || b[0] >= 224
                || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 169 && b[1] == 254)
                || (b[0] == 100 && b[1] >= 64 && b[1] <= 127) // carrier-grade NAT
                || (b[0] == 192 && b[1] == 0 && b[2] is 0 or 2) // IETF protocol assignments, TEST-NET-1
                || (b[0] == 198 && b[1] is 18 or 19) // benchmarking
                || (b[0] == 198 && b[1] == 51 && b[2] == 100) // TEST-NET-2
                || (b[0] == 203 && b[1] == 0 && b[2] == 113)); // TEST-NET-3
        }
        return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || address.IsIPv6UniqueLocal);
    }
}
