using System.Globalization;

namespace Smsgw.Bench;

/// <summary>The command line: a scenario and <c>--name value</c> options, every one with a default.</summary>
internal sealed record BenchOptions
{
    public const string Usage = """
        usage: Smsgw.Bench <accept|accept-postgres|conversation|conversation-postgres|webhooks|smpp|smpp-throttle|store|codec|all> [options]
          accept:
            --concurrency N         closed-loop HTTP senders (64)
            --warmup S              seconds of load before measuring (3; accept-postgres 30)
            --duration S            seconds measured (15)
            --baseline-seconds S    seconds per baseline: /health, raw SQLite, store only (5)
            --receipt-delay-ms MS   simulator receipt delay (50)
            --drain-timeout S       longest wait for every accepted message to reach a final status (180)
            --no-wrk                skip the wrk runs even when wrk is on PATH
            --top                   print one `top -H` snapshot of the process in the middle of the run
          accept-postgres (also takes the accept options but --no-wrk; --top shows the first node; nodes are `smsgw serve` processes):
            --nodes N               gateway nodes sharing one PostgreSQL database in the scale-out run (3)
            --rounds N              runs of the three configurations, in alternating order; medians are reported (1)
            --accounts N            accounts the senders are spread over, sender i sending as account i mod N (1)
            --node-setting K=V      a gateway setting given to every node of every configuration, e.g. Smsgw:Outbound:Workers=1 (repeatable)
            --cli PATH              the Smsgw.Cli.dll to run (src/Smsgw.Cli/bin/Release/net10.0/Smsgw.Cli.dll)
            --write-connections N   Smsgw:Storage:WriteConnections of the PostgreSQL nodes (the gateway's default when absent)
          accept-postgres and conversation-postgres:
            --postgres CS           admin connection string of a running server to use instead of a throwaway cluster
          conversation (and conversation-postgres, but --store and --keep):
            --messages N            messages in the generated store (10000000)
            --conversation N        messages in the one big conversation (600000, at most 60% of --messages)
            --store DIR             data directory to build, or to reuse when it already holds a bench store
            --keep                  keep the generated store (it is deleted otherwise)
            --reps N                measured requests per page (200)
            --deep-page N           the deep page compared with page 1 (500)
          webhooks:
            --events N              messages sent; each makes two delivery_report events (10000)
            --fail-percent P        share of deliveries the receiver answers 500 (0)
          smpp (also takes --concurrency, --warmup, --duration, --receipt-delay-ms, --drain-timeout):
            --window N              SMPP window of the gateway's session and of blast.js (100)
            --recipients N          recipients per send request (1; a bulk send of N messages is one request and one commit)
            --pipeline-warmup S     seconds of the same load sent and followed to its receipts before the measured run, not counted (20; 0: none)
            --no-kannel             skip Kannel (kannel-baseline.sh through the same sink, after the gateway; installs kannel and wrk with apt when missing)
          smpp-throttle (also takes --concurrency, --window, --recipients, --drain-timeout):
            --smsc-rate N           submits a second the test SMSC takes; over it, ESME_RTHROTTLED (2000); the baseline has no limit
          store (also takes --baseline-seconds, for the raw insert):
            --store-messages N      messages through accept, lease, outcome and receipt, 1,000 a round (200000)
          codec: BenchmarkDotNet ShortRun of the SMPP encoder and decoder, in process; no options
          all: accept, conversation and webhooks (the others run only when named)
        """;

    public string Scenario { get; init; } = "";
    public bool Help { get; init; }
    public int Concurrency { get; init; } = 64;
    /// <summary>--warmup as given; each scenario has its own default.</summary>
    public TimeSpan? WarmupGiven { get; init; }
    public TimeSpan Warmup => WarmupGiven ?? TimeSpan.FromSeconds(3);
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(15);
    public TimeSpan BaselineDuration { get; init; } = TimeSpan.FromSeconds(5);
    public TimeSpan ReceiptDelay { get; init; } = TimeSpan.FromMilliseconds(50);
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(180);
    public bool Wrk { get; init; } = true;
    public bool Top { get; init; }
    public long Messages { get; init; } = 10_000_000;
    public int StoreMessages { get; init; } = 200_000;
    public long ConversationSize { get; init; } = 600_000;
    public string? Store { get; init; }
    public bool Keep { get; init; }
    public int Repetitions { get; init; } = 200;
    public int DeepPage { get; init; } = 500;
    public int WebhookMessages { get; init; } = 10_000;
    public int FailPercent { get; init; }
    public int Window { get; init; } = 100;
    public int SmscRate { get; init; } = 2000;
    public TimeSpan PipelineWarmup { get; init; } = TimeSpan.FromSeconds(20);
    public int Recipients { get; init; } = 1;
    public bool Kannel { get; init; } = true;
    public int Nodes { get; init; } = 3;
    public int Rounds { get; init; } = 1;
    public int Accounts { get; init; } = 1;
    public IReadOnlyList<string> NodeSettings { get; init; } = [];
    public int? WriteConnections { get; init; }
    public string? Cli { get; init; }
    public string? Postgres { get; init; }

    public static BenchOptions Parse(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help")
        {
            return new BenchOptions { Help = true };
        }
        var options = new BenchOptions { Scenario = args[0] };
        if (options.Scenario is not ("accept" or "accept-postgres" or "conversation" or "conversation-postgres" or "webhooks" or "smpp" or "smpp-throttle" or "store" or "codec" or "all"))
        {
            throw new ArgumentException($"unknown scenario '{args[0]}'");
        }
        for (var i = 1; i < args.Length; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value");
            options = name switch
            {
                "--store-messages" => options with { StoreMessages = Positive(name, Value()) },
                "--events" => options with { WebhookMessages = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--fail-percent" => options with { FailPercent = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--window" => options with { Window = Positive(name, Value()) },
                "--smsc-rate" => options with { SmscRate = Positive(name, Value()) },
                "--recipients" => options with { Recipients = Positive(name, Value()) },
                "--pipeline-warmup" => options with { PipelineWarmup = SecondsOrNone(name, Value()) },
                "--nodes" => options with { Nodes = Positive(name, Value()) },
                "--rounds" => options with { Rounds = Positive(name, Value()) },
                "--accounts" => options with { Accounts = Positive(name, Value()) },
                "--node-setting" => options with { NodeSettings = [.. options.NodeSettings, NodeSetting(Value())] },
                "--write-connections" => options with { WriteConnections = Positive(name, Value()) },
                "--cli" => options with { Cli = Path.GetFullPath(Value()) },
                "--postgres" => options with { Postgres = Value() },
                "--concurrency" => options with { Concurrency = Positive(name, Value()) },
                "--warmup" => options with { WarmupGiven = Seconds(name, Value()) },
                "--duration" => options with { Duration = Seconds(name, Value()) },
                "--baseline-seconds" => options with { BaselineDuration = Seconds(name, Value()) },
                "--receipt-delay-ms" => options with { ReceiptDelay = TimeSpan.FromMilliseconds(Positive(name, Value())) },
                "--drain-timeout" => options with { DrainTimeout = Seconds(name, Value()) },
                "--no-wrk" => options with { Wrk = false },
                "--no-kannel" => options with { Kannel = false },
                "--top" => options with { Top = true },
                "--messages" => options with { Messages = Positive(name, Value()) },
                "--conversation" => options with { ConversationSize = Positive(name, Value()) },
                "--store" => options with { Store = Path.GetFullPath(Value()) },
                "--keep" => options with { Keep = true },
                "--reps" => options with { Repetitions = Positive(name, Value()) },
                "--deep-page" => options with { DeepPage = Positive(name, Value()) },
                "-h" or "--help" => options with { Help = true },
                _ => throw new ArgumentException($"unknown option '{name}'"),
            };
        }
        return options;
    }

    private static int Positive(string name, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new ArgumentException($"{name} must be a positive whole number");

    private static string NodeSetting(string text) =>
        text.IndexOf('=') > 0 ? $"--{text}" : throw new ArgumentException("--node-setting takes KEY=VALUE, e.g. Smsgw:Outbound:Workers=1");

    private static TimeSpan Seconds(string name, string text) => TimeSpan.FromSeconds(Positive(name, text));

    private static TimeSpan SecondsOrNone(string name, string text) => text == "0" ? TimeSpan.Zero : Seconds(name, text);
}
