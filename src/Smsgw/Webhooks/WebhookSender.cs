using System.Collections.Concurrent;
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
/// Delivers the outbox as a continuous pipeline: up to <see cref="WebhookOptions.MaxConcurrentDeliveries"/> deliveries
/// run at once, each recorded the moment it ends, and freed capacity is refilled at once, so a slow endpoint holds one
/// slot per event it is sent, never a whole round. A message's events to one webhook go one after the other (the
/// store never leases an event while an earlier one of its message is pending). An endpoint that fails
/// <see cref="WebhookOptions.CircuitBreakAfter"/> times in a row is left out of leasing until its break ends; then one
/// attempt probes it (a circuit per endpoint), so a dead endpoint costs little and slows no other.
/// </summary>
internal sealed class WebhookSender(
    IWebhookStore store,
    WebhookPayloads payloads,
    IHttpClientFactory httpClients,
    IOptions<WebhookOptions> options,
    WebhookSignal signal,
    WebhookMetrics metrics,
    TimeProvider timeProvider,
    ILogger<WebhookSender> logger) : BackgroundService
{
    public const string HttpClientName = "smsgw-webhooks";

    private readonly ConcurrentDictionary<long, EndpointCircuit> _circuits = new();
    private readonly ConcurrentDictionary<Task, bool> _inFlight = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    var settings = options.Value;
                    var free = settings.MaxConcurrentDeliveries - _inFlight.Count;
                    var leased = free > 0 ? await LeaseAndStartAsync(Math.Min(free, settings.BatchSize), stoppingToken) : 0;
                    if (leased > 0 && leased == free)
                    {
                        continue; // full: more may be due; the next lease waits for a slot below
                    }
                    // Endpoints paused by their circuit do not count: their events would only wake the loop in vain.
                    var next = await store.NextDueAsync(OpenCircuits(timeProvider.GetUtcNow()), stoppingToken);
                    var wait = next is { } due ? due - timeProvider.GetUtcNow() : settings.PollInterval;
                    if (wait > settings.PollInterval || _inFlight.Count >= settings.MaxConcurrentDeliveries)
                    {
                        wait = settings.PollInterval;
                    }
                    // Never spin: an event due now that could not be leased (its endpoint's circuit is open) waits a little.
                    await signal.WaitAsync(wait < MinimumPause ? MinimumPause : wait, timeProvider, stoppingToken);
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
        finally
        {
            // Deliveries under way finish and are recorded: their requests were sent.
            await Task.WhenAll(_inFlight.Keys);
        }
    }

    private static readonly TimeSpan MinimumPause = TimeSpan.FromMilliseconds(20);

    /// <summary>Leases up to <paramref name="max"/> events and starts one delivery task per message group; returns how many.</summary>
    internal async Task<int> LeaseAndStartAsync(int max, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var events = await store.LeaseDueAsync(now, options.Value.LeaseDuration, max, OpenCircuits(now), cancellationToken);
        foreach (var group in events.GroupBy(e => (e.Webhook.RowId, e.Message.RowId)))
        {
            var circuit = _circuits.GetOrAdd(group.Key.Item1, _ => new EndpointCircuit(options.Value.CircuitBreakAfter));
            var batch = group.ToList();
            var task = Task.Run(() => DeliverAndRecordAsync(batch, circuit), CancellationToken.None);
            _inFlight[task] = true;
            _ = task.ContinueWith(t =>
            {
                _inFlight.TryRemove(t, out _);
                signal.EventsMayHaveBeenAdded(); // a slot is free
            }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
        return events.Count;
    }

    private List<long> OpenCircuits(DateTimeOffset now) => _circuits.Where(c => c.Value.IsOpen(now)).Select(c => c.Key).ToList();

    private async Task DeliverAndRecordAsync(List<WebhookEvent> events, EndpointCircuit circuit)
    {
        try
        {
            var results = await DeliverInOrderAsync(events, circuit);
            await store.RecordAttemptsAsync(results, CancellationToken.None);
            results.ForEach(metrics.Attempt);
        }
        catch (Exception ex)
        {
            // Unrecorded attempts come back when their lease ends; the event id stays the same.
            WebhookLog.SenderFailed(logger, ex);
        }
    }

    private async Task<List<WebhookAttempt>> DeliverInOrderAsync(List<WebhookEvent> events, EndpointCircuit circuit)
    {
        var results = new List<WebhookAttempt>(events.Count);
        WebhookAttempt.Failed? earlierFailed = null;
        foreach (var e in events)
        {
            if (earlierFailed is not null)
            {
                results.Add(new WebhookAttempt.Failed(e.RowId, e.LeaseToken, earlierFailed.At, null, "not tried: an earlier event of this message failed", earlierFailed.NextAttemptAt, Counted: false));
                continue;
            }
            var attempt = await DeliverAsync(e);
            results.Add(attempt);
            if (attempt is WebhookAttempt.Failed failed)
            {
                earlierFailed = failed;
                circuit.Failed(timeProvider.GetUtcNow());
            }
            else if (attempt is WebhookAttempt.Delivered)
            {
                circuit.Succeeded();
            }
        }
        return results;
    }

    /// <summary>
    /// Failures of one endpoint in a row. At the threshold the endpoint is left out of leasing for a break that
    /// doubles each time it trips again (5 s up to 5 min); the first attempt after a break is the probe.
    /// </summary>
    private sealed class EndpointCircuit(int breakAfter)
    {
        private readonly Lock _lock = new();
        private int _failuresInARow;
        private int _trips;
        private DateTimeOffset _openUntil;

        public bool IsOpen(DateTimeOffset now)
        {
            lock (_lock)
            {
                return now < _openUntil;
            }
        }

        public void Failed(DateTimeOffset now)
        {
            lock (_lock)
            {
                if (++_failuresInARow >= breakAfter)
                {
                    var pause = TimeSpan.FromSeconds(Math.Min(300, 5 * Math.Pow(2, Math.Min(_trips, 6))));
                    _openUntil = now + pause;
                    _trips++;
                    _failuresInARow = breakAfter - 1; // a failed probe trips it again
                }
            }
        }

        public void Succeeded()
        {
            lock (_lock)
            {
                _failuresInARow = 0;
                _trips = 0;
                _openUntil = default;
            }
        }
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
            // Wall-clock on purpose: this bounds network I/O, which a test's fake clock does not run; scheduling (retries,
            // polls) is what the injected TimeProvider drives.
            using var timeout = new CancellationTokenSource(settings.Timeout);
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return new WebhookAttempt.Delivered(e.RowId, e.LeaseToken, timeProvider.GetUtcNow(), status.Value);
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
            // The endpoint's own query comes first; the signature covers the whole query string as sent.
            var url = new UriBuilder(e.Webhook.Endpoint) { Fragment = "" };
            var existing = url.Query.TrimStart('?');
            var query = existing.Length > 0 ? existing + "&" + payloads.Query(e) : payloads.Query(e);
            url.Query = query;
            request = new HttpRequestMessage(HttpMethod.Get, url.Uri);
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
            return new WebhookAttempt.Dead(e.RowId, e.LeaseToken, now, status, error);
        }
        // Up to 20 % early, never late: the first retry stays within its 10 s.
        var delay = schedule[attempt - 1] * (0.8 + (0.2 * RandomNumberGenerator.GetInt32(1001) / 1000.0));
        if (retryAfter is { } asked && asked > delay)
        {
            delay = asked < settings.MaxRetryAfter ? asked : settings.MaxRetryAfter;
        }
        WebhookLog.AttemptFailed(logger, e.EventId, e.Webhook.WebhookId, status, error, now + delay);
        return new WebhookAttempt.Failed(e.RowId, e.LeaseToken, now, status, error, now + delay, Counted: true);
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
        // A short, printable excerpt: enough to tell why, and not a channel for reading whatever answered.
        var text = new string([.. Encoding.UTF8.GetString(buffer, 0, read).Take(200).Select(c => char.IsControl(c) ? ' ' : c)]).Trim();
        return $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}{(text.Length > 0 ? ": " + text : "")}";
    }
}
