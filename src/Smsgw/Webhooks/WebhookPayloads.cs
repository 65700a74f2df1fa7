using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Smsgw.Api;
using Smsgw.Messages;
using Smsgw.Storage;

namespace Smsgw.Webhooks;

/// <summary>
/// The event bodies of reference §6.2 (delivery_report) and §6.3 (inbox_message): every value a string, fields in
/// the documented order, plus our <c>event_id</c> and <c>timestamp</c> (also sent as headers). The same event
/// always renders to the same bytes, so every attempt carries the same payload.
/// </summary>
internal sealed class WebhookPayloads(SmstoolsDates dates, IOptions<ApiOptions> api, IServer server)
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The fields in order, <c>message</c>'s flattened after the top-level ones.</summary>
    public IReadOnlyList<(string Key, string Value, bool InMessage)> Fields(WebhookEvent e)
    {
        var m = e.Message;
        var fields = new List<(string, string, bool)>
        {
            ("webhook_id", e.Webhook.WebhookId, false),
            ("webhook_type", e.Type, false),
            ("username", e.AccountName, false),
            ("event_id", e.EventId, false),
            ("timestamp", e.CreatedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), false),
        };
        if (m.Direction == MessageDirection.Outbound)
        {
            fields.Add(("messageid", m.MessageId ?? "", true));
            fields.Add(("datetime", dates.ListDate(m.CreatedAt), true));
            fields.Add(("content", m.Body, true));
            fields.Add(("sender", m.Local, true));
            fields.Add(("receiver", m.Peer, true));
            fields.Add(("reference", m.Reference ?? "", true));
            fields.Add(("delivery_code", e.Status.ToDeliveryCode().ToString(CultureInfo.InvariantCulture), true));
            fields.Add(("delivery_status", e.Status.ToWireName().ToLowerInvariant(), true));
            fields.Add(("delivery_code_detail", "", true));
            fields.Add(("delivery_code_detail_description", e.StatusDetail ?? "", true));
        }
        else
        {
            fields.Add(("ID", m.ListSeq.ToString(CultureInfo.InvariantCulture), true));
            fields.Add(("datetime", dates.ListDate(m.CreatedAt), true));
            fields.Add(("content", m.Body, true));
            fields.Add(("sender", m.Peer, true));
            fields.Add(("receiver", m.Local, true));
            fields.Add(("type", "sms", true));
        }
        return fields;
    }

    /// <summary>The POST body: one JSON object (not an array).</summary>
    public byte[] Json(WebhookEvent e)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            var inMessage = false;
            foreach (var (key, value, messageField) in Fields(e))
            {
                if (messageField && !inMessage)
                {
                    writer.WriteStartObject("message");
                    inMessage = true;
                }
                writer.WriteString(key, value);
            }
            if (e.Message.Files.Count > 0)
            {
                writer.WriteStartArray("files");
                foreach (var (name, url, mime) in Files(e))
                {
                    writer.WriteStartObject();
                    writer.WriteString("name", name);
                    writer.WriteString("url", url);
                    writer.WriteString("mime", mime);
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
            }
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>The GET form: every field a query parameter (files as file1_name, file1_url, file1_mime, …).</summary>
    public string Query(WebhookEvent e)
    {
        var query = new StringBuilder();
        void Add(string key, string value)
        {
            query.Append(query.Length == 0 ? "" : "&").Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(value));
        }
        foreach (var (key, value, _) in Fields(e))
        {
            Add(key, value);
        }
        var n = 0;
        foreach (var (name, url, mime) in Files(e))
        {
            n++;
            Add($"file{n}_name", name);
            Add($"file{n}_url", url);
            Add($"file{n}_mime", mime);
        }
        return query.ToString();
    }

    private IEnumerable<(string Name, string Url, string Mime)> Files(WebhookEvent e)
    {
        var origin = api.Value.PublicUrl?.TrimEnd('/') ?? ServerOrigin();
        return e.Message.Files.Select(f => (f.Name, $"{origin}/files/{f.Token}/{Uri.EscapeDataString(f.Name)}", f.Mime));
    }

    /// <summary>Without a configured public URL, the address the server listens on (wildcards as loopback).</summary>
    private string ServerOrigin()
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://127.0.0.1:5000";
        foreach (var wildcard in new[] { "://+:", "://*:", "://0.0.0.0:", "://[::]:" })
        {
            address = address.Replace(wildcard, "://127.0.0.1:", StringComparison.Ordinal);
        }
        return address.TrimEnd('/');
    }
}
