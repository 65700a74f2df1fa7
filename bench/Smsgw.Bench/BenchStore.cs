using System.Globalization;

namespace Smsgw.Bench;

/// <summary>
/// A generated store and what the bench must know about it: the measured account's credentials, the big
/// conversation's number, and that account's message counts. Kept beside <c>smsgw.db</c> so <c>--store</c> can reuse it.
/// </summary>
internal sealed record BenchStore(
    string Directory,
    long Messages,
    string ClientId,
    string Secret,
    string BigPeer,
    long BigConversation,
    long AccountOutbound,
    long AccountInbound,
    TimeSpan GenerationTime)
{
    private const string FileName = "bench-store.txt";

    public string DatabasePath => Path.Combine(Directory, "smsgw.db");

    public void Save() => File.WriteAllLines(Path.Combine(Directory, FileName),
    [
        $"messages={Messages}", $"clientId={ClientId}", $"secret={Secret}", $"bigPeer={BigPeer}", $"bigConversation={BigConversation}",
        $"accountOutbound={AccountOutbound}", $"accountInbound={AccountInbound}",
        $"generationSeconds={GenerationTime.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)}",
    ]);

    public static BenchStore? Load(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path) || !File.Exists(Path.Combine(directory, "smsgw.db")))
        {
            return null;
        }
        var values = File.ReadAllLines(path).Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        long Long(string key) => long.Parse(values[key], CultureInfo.InvariantCulture);
        return new BenchStore(directory, Long("messages"), values["clientId"], values["secret"], values["bigPeer"], Long("bigConversation"),
            Long("accountOutbound"), Long("accountInbound"),
            TimeSpan.FromSeconds(double.Parse(values["generationSeconds"], CultureInfo.InvariantCulture)));
    }
}
