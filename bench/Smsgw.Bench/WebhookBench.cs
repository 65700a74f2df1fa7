using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Smsgw.Bench;

/// <summary>
/// Webhook deliveries per second to a local receiver: N messages through the simulator make 2N delivery_report
/// events (submitted, delivered), timed from the first event's arrival to the last one's. Baseline in the same run:
/// the same receiver driven directly by a closed loop of signed-size POSTs (its HTTP ceiling on this host).
/// </summary>
internal static class WebhookBench
{
    public static async Task<bool> RunAsync(BenchOptions options)
    {
        Console.WriteLine();
        Console.WriteLine($"== webhooks: {options.WebhookMessages:N0} messages → {2 * options.WebhookMessages:N0} delivery_report events, receiver fails {options.FailPercent} %");
        var received = new ConcurrentDictionary<string, int>();
        long requests = 0;
        long firstAt = 0, lastAt = 0;
        var random = new Random(7);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        await using var receiver = builder.Build();
        receiver.Run(async context =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            Interlocked.Increment(ref requests);
            int draw;
            lock (random)
            {
                draw = random.Next(100);
            }
            if (draw < options.FailPercent)
            {
                context.Response.StatusCode = 500;
                return;
            }
            var eventId = context.Request.Headers["X-Smsgw-Event-Id"].ToString();
            if (eventId.Length > 0)
            {
                received.AddOrUpdate(eventId, 1, (_, n) => n + 1);
                var now = Stopwatch.GetTimestamp();
                Interlocked.CompareExchange(ref firstAt, now, 0);
                Interlocked.Exchange(ref lastAt, now);
            }
            context.Response.StatusCode = 200;
        });
        await receiver.StartAsync();
        var receiverUrl = receiver.Urls.First();

        // Baseline: the receiver's ceiling with plain POSTs of a payload-sized body.
        var body = Encoding.UTF8.GetBytes(new string('x', 520));
        using (var http = ClosedLoopDriver.CreateClient(new Uri(receiverUrl), 32))
        {
            var baseline = await new ClosedLoopDriver(32).RunAsync(http, (_, _) => new HttpRequestMessage(HttpMethod.Post, "/") { Content = new ByteArrayContent(body) },
                TimeSpan.FromSeconds(1), options.BaselineDuration);
            Console.WriteLine($"   baseline: plain POSTs to the receiver, 32 in flight: {baseline.OkPerSecond,10:N0} req/s");
            Interlocked.Exchange(ref requests, 0);
            Volatile.Write(ref firstAt, 0);
        }

        using var scratch = new ScratchDirectory("webhooks");
        // The default schedule's count of retries (14), each 200 ms: a failing receiver shows the retry path within the run.
        var settings = new Dictionary<string, string?> { ["Smsgw:Webhooks:AllowPrivateAddresses"] = "true" };
        for (var i = 0; i < 14; i++)
        {
            settings[$"Smsgw:Webhooks:RetrySchedule:{i}"] = "00:00:00.200";
        }
        await using var gateway = await GatewayHost.StartAsync(scratch.Path, options.ReceiptDelay, createDemoAccount: true, settings);
        var demo = gateway.DemoCredentials!;
        using var client = new HttpClient { BaseAddress = gateway.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Add("X-Client-Id", demo.ClientId);
        client.DefaultRequestHeaders.Add("X-Client-Secret", demo.ClientSecret);
        var created = await client.PostAsJsonAsync("/v1/webhook/create", new { webhook_endpoint = receiverUrl, webhook_method = "POST", webhook_types = new[] { "delivery_report" } });
        created.EnsureSuccessStatusCode();

        var sendStarted = Stopwatch.GetTimestamp();
        for (var i = 0; i < options.WebhookMessages; i += 1000)
        {
            var to = Enumerable.Range(i, Math.Min(1000, options.WebhookMessages - i)).Select(n => $"3247{1_000_000 + n}").ToArray();
            (await client.PostAsJsonAsync("/v1/message/send", new { message = "webhook bench", to, sender = "Bench" })).EnsureSuccessStatusCode();
        }
        var expected = 2 * options.WebhookMessages;
        var deadline = Stopwatch.GetTimestamp() + (long)(options.DrainTimeout.TotalSeconds * Stopwatch.Frequency);
        while (received.Count < expected && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(50);
        }
        var span = Stopwatch.GetElapsedTime(Volatile.Read(ref firstAt), Volatile.Read(ref lastAt));
        var endToEnd = Stopwatch.GetElapsedTime(sendStarted, Volatile.Read(ref lastAt));
        var duplicates = received.Count(e => e.Value > 1);
        Console.WriteLine($"   events delivered: {received.Count:N0} of {expected:N0} in {span.TotalSeconds:0.00} s  → {received.Count / Math.Max(span.TotalSeconds, 0.001),10:N0} deliveries/s");
        Console.WriteLine($"   requests made: {Interlocked.Read(ref requests):N0} (retries included); accepted twice: {duplicates:N0}");
        Console.WriteLine($"   end to end (first send → last event received): {endToEnd.TotalSeconds:0.00} s, {received.Count / Math.Max(endToEnd.TotalSeconds, 0.001):N0} events/s");
        await receiver.StopAsync();
        return received.Count == expected;
    }
}
