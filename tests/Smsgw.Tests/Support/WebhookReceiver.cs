using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Smsgw.Tests.Support;

/// <summary>A real HTTP endpoint on 127.0.0.1 that records every request and answers as the test says.</summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    public sealed record Received(string Method, string PathAndQuery, string Query, IReadOnlyDictionary<string, string> Headers, byte[] Body, DateTimeOffset At)
    {
        public string BodyText => System.Text.Encoding.UTF8.GetString(Body);
    }

    private WebhookReceiver(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    public ConcurrentQueue<Received> Requests { get; } = new();

    /// <summary>How to answer the n-th request (1-based); default 200.</summary>
    public Func<int, Received, (int Status, TimeSpan Delay, string? RetryAfter)> Respond { get; set; } = (_, _) => (200, TimeSpan.Zero, null);

    /// <summary>
    /// Answers 500 to <paramref name="failPercent"/> % of requests at random (seeded) and 200 to the rest; returns how
    /// many times each event id (X-Smsgw-Event-Id) was answered 200, so a test can see events missing or taken twice.
    /// </summary>
    public ConcurrentDictionary<string, int> FailRandomly(int failPercent, int seed)
    {
        var accepted = new ConcurrentDictionary<string, int>();
        var random = new Random(seed);
        Respond = (_, request) =>
        {
            bool fail;
            lock (random)
            {
                fail = random.Next(100) < failPercent;
            }
            if (fail)
            {
                return (500, TimeSpan.Zero, null);
            }
            accepted.AddOrUpdate(request.Headers["X-Smsgw-Event-Id"], 1, (_, n) => n + 1);
            return (200, TimeSpan.Zero, null);
        };
        return accepted;
    }

    public static async Task<WebhookReceiver> StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        WebhookReceiver? receiver = null;
        var count = 0;
        app.Run(async context =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            var received = new Received(context.Request.Method, context.Request.Path + context.Request.QueryString, context.Request.QueryString.Value?.TrimStart('?') ?? "",
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), buffer.ToArray(), DateTimeOffset.UtcNow);
            receiver!.Requests.Enqueue(received);
            var (status, delay, retryAfter) = receiver.Respond(Interlocked.Increment(ref count), received);
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, context.RequestAborted);
            }
            context.Response.StatusCode = status;
            if (retryAfter is not null)
            {
                context.Response.Headers.RetryAfter = retryAfter;
            }
            await context.Response.WriteAsync(status >= 300 ? "receiver says no" : "ok");
        });
        await app.StartAsync();
        receiver = new WebhookReceiver(app, app.Urls.First());
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
