using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Smsgw.Storage;

namespace Smsgw.Webhooks;

/// <summary>
/// Delivers the outbox: leases due events, sends them in parallel (a message's own events to one webhook in order),
/// records every attempt, and schedules failures for retry until the schedule is spent. An endpoint that fails
/// several times in a row has its remaining events of the batch put back untried (a circuit per endpoint), so one
/// dead endpoint costs a timeout per round, not one per event, and does not hold up the others.
/// </summary>
internal sealed class WebhookSender(
    IWebhookStore store,
    WebhookPayloads payloads,
    IHttpClientFactory httpClients,
    IOptions<WebhookOptions> options,
    WebhookSignal signal,
    TimeProvider timeProvider,
    ILogger<WebhookSender> logger) : BackgroundService
{
    public const string HttpClientName = "smsgw-webhooks";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await SendDueAsync(stoppingToken) > 0)
                {
                    continue;
                }
                var settings = options.Value;
                var next = await store.NextDueAsync(stoppingToken);
                var wait = next is { } due ? due - timeProvider.GetUtcNow() : settings.PollInterval;
                await signal.WaitAsync(wait < settings.PollInterval ? wait : settings.PollInterval, timeProvider, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                WebhookLog.SenderFailed(logger, ex);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), timeProvider, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>One lease → deliver → record round; returns how many events it handled.</summary>
    internal async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var events = await store.LeaseDueAsync(timeProvider.GetUtcNow(), settings.LeaseDuration, settings.BatchSize, cancellationToken);
        if (events.Count == 0)
        {
            return 0;
        }
        var circuits = events.Select(e => e.Webhook.RowId).Distinct().ToDictionary(id => id, _ => new EndpointCircuit(settings.CircuitBreakAfter));
        var attempts = new List<WebhookAttempt>(events.Count);
        // A message's events to one webhook go one after the other; everything else in parallel.
        await Parallel.ForEachAsync(events.GroupBy(e => (e.Webhook.RowId, e.Message.RowId)),
            new ParallelOptions { MaxDegreeOfParallelism = settings.MaxConcurrentDeliveries, CancellationToken = CancellationToken.None },
            async (messageEvents, _) =>
            {
                var results = await DeliverInOrderAsync(messageEvents.ToList(), circuits[messageEvents.Key.Item1]);
                lock (attempts)
                {
                    attempts.AddRange(results);
                }
            });
        // Recorded even when stopping: the attempts were made.
        await store.RecordAttemptsAsync(attempts, CancellationToken.None);
        return events.Count;
    }

    private async Task<List<WebhookAttempt>> DeliverInOrderAsync(List<WebhookEvent> events, EndpointCircuit circuit)
    {
        var results = new List<WebhookAttempt>(events.Count);
        WebhookAttempt.Failed? earlierFailed = null;
        foreach (var e in events)
        {
            var waitFor = earlierFailed ?? circuit.OpenedBy;
            if (waitFor is not null)
            {
                results.Add(new WebhookAttempt.Failed(e.RowId, waitFor.At, null, "not tried: an earlier attempt failed", waitFor.NextAttemptAt, Counted: false));
                continue;
            }
            var attempt = await DeliverAsync(e);
            results.Add(attempt);
            if (attempt is WebhookAttempt.Failed failed)
            {
                earlierFailed = failed;
                circuit.Failed(failed);
            }
            else
            {
                circuit.Succeeded();
            }
        }
        return results;
    }

    /// <summary>Consecutive failures of one endpoint within a batch; open after the configured count.</summary>
    private sealed class EndpointCircuit(int breakAfter)
    {
        private int _failuresInARow;

        public WebhookAttempt.Failed? OpenedBy { get; private set; }

        public void Failed(WebhookAttempt.Failed attempt)
        {
            if (Interlocked.Increment(ref _failuresInARow) >= breakAfter)
            {
                OpenedBy ??= attempt;
            }
        }

        public void Succeeded() => Interlocked.Exchange(ref _failuresInARow, 0);
    }

    private async Task<WebhookAttempt> DeliverAsync(WebhookEvent e)
    {
        var settings = options.Value;
        var timestamp = timeProvider.GetUtcNow().ToUnixTimeSeconds();
        using var request = Build(e, timestamp);
        int? status = null;
        string? error;
        TimeSpan? retryAfter = null;
        try
        {
            using var timeout = new CancellationTokenSource(settings.Timeout);
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return new WebhookAttempt.Delivered(e.RowId, timeProvider.GetUtcNow(), status.Value);
            }
            error = await ReadCappedAsync(response, settings.MaxResponseBytes, timeout.Token);
            retryAfter = RetryAfter(response.Headers.RetryAfter);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
        {
            error = ex is OperationCanceledException ? $"no answer within {settings.Timeout.TotalSeconds:0.#} s" : ex.Message;
        }
        return Failure(e, status, error, retryAfter);
    }

    private HttpRequestMessage Build(WebhookEvent e, long timestamp)
    {
        HttpRequestMessage request;
        string signature;
        if (string.Equals(e.Webhook.Method, "GET", StringComparison.OrdinalIgnoreCase))
        {
            var query = payloads.Query(e);
            var separator = e.Webhook.Endpoint.Contains('?', StringComparison.Ordinal) ? "&" : "?";
            request = new HttpRequestMessage(HttpMethod.Get, e.Webhook.Endpoint + separator + query);
            signature = WebhookSignature.Sign(e.Webhook.Secret, timestamp, Encoding.UTF8.GetBytes(query));
        }
        else
        {
            var body = payloads.Json(e);
            request = new HttpRequestMessage(HttpMethod.Post, e.Webhook.Endpoint) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            signature = WebhookSignature.Sign(e.Webhook.Secret, timestamp, body);
        }
        request.Headers.Add(WebhookSignature.EventIdHeader, e.EventId);
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, signature);
        request.Headers.UserAgent.ParseAdd("smsgw-webhooks/1");
        return request;
    }

    private WebhookAttempt Failure(WebhookEvent e, int? status, string? error, TimeSpan? retryAfter)
    {
        var settings = options.Value;
        var now = timeProvider.GetUtcNow();
        var attempt = e.Attempts + 1;
        var schedule = settings.EffectiveRetrySchedule;
        if (attempt > schedule.Count)
        {
            WebhookLog.EventDead(logger, e.EventId, e.Webhook.WebhookId, attempt, status, error);
            return new WebhookAttempt.Dead(e.RowId, now, status, error);
        }
        // Up to 20 % early, never late: the first retry stays within its 10 s.
        var delay = schedule[attempt - 1] * (0.8 + (0.2 * RandomNumberGenerator.GetInt32(1001) / 1000.0));
        if (retryAfter is { } asked && asked > delay)
        {
            delay = asked < settings.MaxRetryAfter ? asked : settings.MaxRetryAfter;
        }
        WebhookLog.AttemptFailed(logger, e.EventId, e.Webhook.WebhookId, status, error, now + delay);
        return new WebhookAttempt.Failed(e.RowId, now, status, error, now + delay, Counted: true);
    }

    private TimeSpan? RetryAfter(RetryConditionHeaderValue? header) => header switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - timeProvider.GetUtcNow(),
        _ => null,
    };

    private static async Task<string> ReadCappedAsync(HttpResponseMessage response, int maxBytes, CancellationToken cancellationToken)
    {
        var buffer = new byte[maxBytes];
        var read = 0;
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        while (read < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken);
            if (n == 0)
            {
                break;
            }
            read += n;
        }
        var text = Encoding.UTF8.GetString(buffer, 0, read);
        return $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}{(text.Length > 0 ? ": " + text : "")}";
    }
}
