namespace Smsgw.Bench;

/// <summary>Where a command would run from: the first directory of PATH that holds it.</summary>
internal static class CommandPath
{
    public static string? Find(string command) => (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(dir => Path.Combine(dir, command))
        .FirstOrDefault(File.Exists);
}
