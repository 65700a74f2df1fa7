namespace Smsgw.Client.Tests.Support;

internal static class TempDirectory
{
    public static string Create() => Directory.CreateTempSubdirectory("smsgw-client-test-").FullName;

    /// <summary>Best effort: a leftover temp directory must not fail a test that passed.</summary>
    public static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
