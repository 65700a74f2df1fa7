using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Smsgw.Client;

/// <summary>
/// The smsgw gateway's HTTP API (the Smstools SMS Gateway API v1 and smsgw's extensions). Every call sends the
/// account's <c>X-Client-Id</c> and <c>X-Client-Secret</c>; an error answer throws <see cref="SmsgwApiException"/>.
/// </summary>
/// <remarks>
/// The <see cref="HttpClient"/> is the caller's: this class never disposes it and never changes its default headers,
/// so one <see cref="HttpClient"/> (or one from <c>IHttpClientFactory</c>) may serve several accounts. Thread-safe.
/// </remarks>
public sealed class SmsgwClient
{
    private readonly HttpClient _http;
    private readonly Uri _root;
    private readonly string _clientId;
    private readonly string _clientSecret;

    /// <summary>Creates a client for one account of the gateway at <paramref name="baseAddress"/>.</summary>
    /// <param name="httpClient">The HTTP client to send with; not disposed by this class.</param>
    /// <param name="baseAddress">The gateway's root, e.g. <c>http://127.0.0.1:5000</c>.</param>
    /// <param name="clientId">The account's client id.</param>
    /// <param name="clientSecret">The account's client secret.</param>
    public SmsgwClient(HttpClient httpClient, Uri baseAddress, string clientId, string clientSecret)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(baseAddress);
        ArgumentException.ThrowIfNullOrEmpty(clientId);
        ArgumentException.ThrowIfNullOrEmpty(clientSecret);
        if (!baseAddress.IsAbsoluteUri)
        {
            throw new ArgumentException("The gateway address must be absolute, e.g. http://127.0.0.1:5000.", nameof(baseAddress));
        }
        _http = httpClient;
        // Without the trailing slash, a gateway behind a path prefix (https://host/sms) would lose its prefix.
        _root = baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
        _clientId = clientId;
        _clientSecret = clientSecret;
    }

    /// <summary>Creates a client from <paramref name="options"/>.</summary>
    /// <param name="httpClient">The HTTP client to send with; not disposed by this class.</param>
    /// <param name="options">The gateway address and the account's credentials.</param>
    public SmsgwClient(HttpClient httpClient, SmsgwClientOptions options)
        : this(httpClient, (options ?? throw new ArgumentNullException(nameof(options))).BaseAddress, options.ClientId, options.ClientSecret)
    {
    }

    /// <summary>Sends an SMS to one number.</summary>
    /// <param name="to">The recipient, international format (<c>32470123456</c>; a leading <c>+</c> is accepted).</param>
    /// <param name="sender">A number of at most 14 digits or a name of at most 11 letters and digits.</param>
    /// <param name="message">The text (at most 612 GSM-7 characters).</param>
    /// <param name="options">Schedule, reference, test mode, idempotency key.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The message id.</returns>
    /// <exception cref="SmsgwApiException">The gateway refused the message (e.g. 103 bad number, 111 bad sender).</exception>
    public async Task<string> SendAsync(string to, string sender, string message, SendOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(to);
        options ??= new SendOptions();
        var body = new SendOneRequest(message, to, sender, Blank(options.Date), Blank(options.Reference), options.Test ? true : null);
        using var request = NewSendRequest(JsonContent.Create(body, SmsgwClientJsonContext.Default.SendOneRequest), options);
        var response = await SendForJsonAsync(request, SmsgwClientJsonContext.Default.SendOneResponse, cancellationToken).ConfigureAwait(false);
        return response.MessageId ?? throw Unexpected("messageid");
    }

    /// <summary>Sends the same SMS to several numbers in one request.</summary>
    /// <param name="to">The recipients, international format.</param>
    /// <param name="sender">A number of at most 14 digits or a name of at most 11 letters and digits.</param>
    /// <param name="message">The text (at most 612 GSM-7 characters).</param>
    /// <param name="options">Schedule, reference, test mode, idempotency key.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>One message id per recipient, in the order given.</returns>
    /// <exception cref="SmsgwApiException">The gateway refused the request; then no message was accepted.</exception>
    public async Task<IReadOnlyList<string>> SendAsync(IEnumerable<string> to, string sender, string message, SendOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(to);
        options ??= new SendOptions();
        var body = new SendManyRequest(message, [.. to], sender, Blank(options.Date), Blank(options.Reference), options.Test ? true : null);
        using var request = NewSendRequest(JsonContent.Create(body, SmsgwClientJsonContext.Default.SendManyRequest), options);
        var response = await SendForJsonAsync(request, SmsgwClientJsonContext.Default.SendManyResponse, cancellationToken).ConfigureAwait(false);
        return response.MessageIds ?? throw Unexpected("messageids");
    }

    /// <summary>The thread with one number, both directions, newest first.</summary>
    /// <param name="phone">The other party's number, in any usual form.</param>
    /// <param name="page">Page number from 1; null for the gateway's default (1).</param>
    /// <param name="limit">Page size 1..2000; null for the gateway's default (1000).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="SmsgwApiException">E.g. 103 when the number is invalid.</exception>
    public Task<ConversationPage> GetConversationAsync(string phone, int? page = null, int? limit = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(phone);
        return GetAsync(Paged($"v1/conversation/{Uri.EscapeDataString(phone)}", page, limit, null), SmsgwClientJsonContext.Default.ConversationPage, cancellationToken);
    }

    /// <summary>Received messages, newest first.</summary>
    /// <param name="page">Page number from 1; null for the gateway's default (1).</param>
    /// <param name="limit">Page size 1..2000; null for the gateway's default (1000).</param>
    /// <param name="type"><c>sms</c> (the default when null), <c>whatsapp</c> or <c>call</c>.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="SmsgwApiException">The gateway refused the request.</exception>
    public Task<InboxPage> GetInboxAsync(int? page = null, int? limit = null, string? type = null, CancellationToken cancellationToken = default) =>
        GetAsync(Paged("v1/message/inbox", page, limit, type), SmsgwClientJsonContext.Default.InboxPage, cancellationToken);

    /// <summary>Sent messages, newest first.</summary>
    /// <param name="page">Page number from 1; null for the gateway's default (1).</param>
    /// <param name="limit">Page size 1..2000; null for the gateway's default (1000).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="SmsgwApiException">The gateway refused the request.</exception>
    public Task<HistoryPage> GetHistoryAsync(int? page = null, int? limit = null, CancellationToken cancellationToken = default) =>
        GetAsync(Paged("v1/message/history", page, limit, null), SmsgwClientJsonContext.Default.HistoryPage, cancellationToken);

    /// <summary>One sent message's status and parts (an smsgw extension).</summary>
    /// <param name="messageId">The id <see cref="SendAsync(string, string, string, SendOptions?, CancellationToken)"/> returned.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="SmsgwApiException">133 (HTTP 404) when the account has no such message.</exception>
    public Task<MessageDetail> GetMessageAsync(string messageId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        return GetAsync($"v1/message/{Uri.EscapeDataString(messageId)}", SmsgwClientJsonContext.Default.MessageDetail, cancellationToken);
    }

    /// <summary>Cancels a message no carrier has taken yet (typically a scheduled one); it stays readable as <c>CANCELLED</c>.</summary>
    /// <param name="messageId">The message id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="SmsgwApiException">133 (HTTP 404) when unknown; 153 (HTTP 409) when already handed to a carrier or finished.</exception>
    public async Task CancelAsync(string messageId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        using var request = NewRequest(HttpMethod.Delete, $"v1/message/{Uri.EscapeDataString(messageId)}");
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Makes the simulator carrier deliver a message from a handset, as if <paramref name="from"/> had texted
    /// <paramref name="to"/>. Only while the gateway runs its simulator carrier.
    /// </summary>
    /// <param name="from">The handset's number.</param>
    /// <param name="to">One of your senders (a number or a name).</param>
    /// <param name="message">The text; may be empty when files are attached.</param>
    /// <param name="files">Files making it an MMS.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The inbox id of the stored message.</returns>
    /// <exception cref="SmsgwApiException">The gateway refused the message.</exception>
    public async Task<string> SimulateInboundAsync(string from, string to, string message, IEnumerable<SimulatedFile>? files = null, CancellationToken cancellationToken = default)
    {
        var wireFiles = files?.Select(f => new SimulatorInboundFile(f.Name, f.Mime, Convert.ToBase64String(f.Content.Span))).ToList();
        var body = new SimulatorInboundRequest(from, to, message, wireFiles is { Count: > 0 } ? wireFiles : null);
        using var request = NewRequest(HttpMethod.Post, "v1/simulator/inbound");
        request.Content = JsonContent.Create(body, SmsgwClientJsonContext.Default.SimulatorInboundRequest);
        var response = await SendForJsonAsync(request, SmsgwClientJsonContext.Default.SimulatorInboundResponse, cancellationToken).ConfigureAwait(false);
        return response.Id ?? throw Unexpected("ID");
    }

    /// <summary>Downloads an MMS file by the URL in <see cref="MessageFile.Image"/> (no credentials are sent: the URL is the capability).</summary>
    /// <param name="fileUrl">The absolute file URL.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The file's bytes.</returns>
    /// <exception cref="SmsgwApiException">HTTP 404 when the URL names no file.</exception>
    public async Task<byte[]> DownloadFileAsync(Uri fileUrl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fileUrl);
        using var request = new HttpRequestMessage(HttpMethod.Get, fileUrl.IsAbsoluteUri ? fileUrl : new Uri(_root, fileUrl));
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Registers an endpoint for events (<c>POST /v1/webhook/create</c>).</summary>
    /// <param name="endpoint">An http(s) URL on a public address.</param>
    /// <param name="types"><c>delivery_report</c> and/or <c>inbox_message</c>.</param>
    /// <param name="method"><c>POST</c> (JSON body) or <c>GET</c> (query parameters).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The webhook's id and signing secret.</returns>
    /// <exception cref="SmsgwApiException">139 for a bad endpoint, method or type.</exception>
    public async Task<WebhookRegistration> CreateWebhookAsync(string endpoint, IEnumerable<string> types, string method = "POST", CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(endpoint);
        ArgumentNullException.ThrowIfNull(types);
        using var request = NewRequest(HttpMethod.Post, "v1/webhook/create");
        request.Content = JsonContent.Create(new CreateWebhookRequest(endpoint, method, types.ToList()), SmsgwClientJsonContext.Default.CreateWebhookRequest);
        return await SendForJsonAsync(request, SmsgwClientJsonContext.Default.WebhookRegistration, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The account's webhooks.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<IReadOnlyList<Webhook>> ListWebhooksAsync(CancellationToken cancellationToken = default) =>
        (await GetAsync("v1/webhook/endpoint-list", SmsgwClientJsonContext.Default.WebhookListResponse, cancellationToken).ConfigureAwait(false)).Webhooks ?? [];

    /// <summary>A webhook's 100 most recent events, newest first, with their delivery state.</summary>
    /// <param name="webhookId">The webhook's id.</param>
    /// <param name="state">Only <c>pending</c>, <c>delivered</c> or <c>dead</c> events; null for all.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="SmsgwApiException">134 (HTTP 404) for an unknown webhook.</exception>
    public Task<IReadOnlyList<WebhookEvent>> GetWebhookEventsAsync(string webhookId, string? state = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(webhookId);
        var path = $"v1/webhook/{Uri.EscapeDataString(webhookId)}" + (string.IsNullOrEmpty(state) ? "" : $"?state={Uri.EscapeDataString(state)}");
        return GetAsync(path, SmsgwClientJsonContext.Default.IReadOnlyListWebhookEvent, cancellationToken);
    }

    /// <summary>Delivers a webhook's dead events again (or only the event <paramref name="eventId"/>, whatever its state).</summary>
    /// <param name="webhookId">The webhook's id.</param>
    /// <param name="eventId">One event to replay; null for every dead one.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>How many events were put back in the queue.</returns>
    public async Task<int> ReplayWebhookEventsAsync(string webhookId, string? eventId = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(webhookId);
        using var request = NewRequest(HttpMethod.Post, $"v1/webhook/{Uri.EscapeDataString(webhookId)}/replay" + (eventId is null ? "" : $"?event_id={Uri.EscapeDataString(eventId)}"));
        return (await SendForJsonAsync(request, SmsgwClientJsonContext.Default.WebhookReplayResponse, cancellationToken).ConfigureAwait(false)).Replayed;
    }

    /// <summary>Deletes the webhook that <paramref name="secret"/> belongs to; its pending events stop.</summary>
    /// <param name="secret">The secret returned at creation.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="SmsgwApiException">134 (HTTP 404) when no webhook has that secret.</exception>
    public async Task DeleteWebhookAsync(string secret, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        using var request = NewRequest(HttpMethod.Delete, $"v1/webhook/{Uri.EscapeDataString(secret)}");
        await SendForJsonAsync(request, SmsgwClientJsonContext.Default.WebhookDeleteResponse, cancellationToken).ConfigureAwait(false);
    }

    private HttpRequestMessage NewRequest(HttpMethod method, string relative)
    {
        var request = new HttpRequestMessage(method, new Uri(_root, relative));
        request.Headers.Add("X-Client-Id", _clientId);
        request.Headers.Add("X-Client-Secret", _clientSecret);
        return request;
    }

    private HttpRequestMessage NewSendRequest(HttpContent content, SendOptions options)
    {
        var request = NewRequest(HttpMethod.Post, "v1/message/send");
        request.Content = content;
        if (!string.IsNullOrEmpty(options.IdempotencyKey))
        {
            request.Headers.Add("Idempotency-Key", options.IdempotencyKey);
        }
        return request;
    }

    private async Task<T> GetAsync<T>(string relative, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        using var request = NewRequest(HttpMethod.Get, relative);
        return await SendForJsonAsync(request, typeInfo, cancellationToken).ConfigureAwait(false);
    }

    private async Task<T> SendForJsonAsync<T>(HttpRequestMessage request, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        try
        {
            return await response.Content.ReadFromJsonAsync(typeInfo, cancellationToken).ConfigureAwait(false) ?? throw Unexpected("a JSON object");
        }
        catch (JsonException ex)
        {
            throw new SmsgwApiException(response.StatusCode, null, $"the gateway's answer is not the expected JSON: {ex.Message}");
        }
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        ErrorResponse? error = null;
        try
        {
            error = JsonSerializer.Deserialize(text, SmsgwClientJsonContext.Default.ErrorResponse);
        }
        catch (JsonException)
        {
            // Not a gateway error body (a proxy's HTML page, an empty 404): report the HTTP status instead.
        }
        var reason = response.ReasonPhrase is { Length: > 0 } phrase ? phrase : response.StatusCode.ToString();
        throw error?.Error is { } code
            ? new SmsgwApiException(response.StatusCode, code, error.ErrorMsg ?? code)
            : new SmsgwApiException(response.StatusCode, null, error?.ErrorMsg ?? reason);
    }

    private static string Paged(string path, int? page, int? limit, string? type)
    {
        var query = new StringBuilder(path);
        var separator = '?';
        Append("page", page?.ToString(CultureInfo.InvariantCulture));
        Append("limit", limit?.ToString(CultureInfo.InvariantCulture));
        Append("type", type);
        return query.ToString();

        void Append(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                query.Append(separator).Append(name).Append('=').Append(Uri.EscapeDataString(value));
                separator = '&';
            }
        }
    }

    // Smstools clients send "" for unset options; the gateway treats both alike, we send neither.
    private static string? Blank(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static SmsgwApiException Unexpected(string missing) =>
        new(HttpStatusCode.OK, null, $"the gateway's answer has no {missing}");
}
