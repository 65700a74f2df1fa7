using System.CommandLine;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using Smsgw.Storage;
using Smsgw.Storage.Migration;

namespace Smsgw.Cli;

/// <summary>
/// <c>smsgw migrate --from-sqlite FILE --to-postgres "…"</c>: moves a stopped SQLite store into an empty PostgreSQL
/// database, history, credentials and pending work included. The data directory stays in use for MMS files.
/// </summary>
internal static class MigrateCommand
{
    public static Command Create()
    {
        var from = new Option<string>("--from-sqlite")
        {
            Description = "The SQLite store to copy: its file (<data dir>/smsgw.db) or its data directory. Stop the server on it first.",
            Required = true,
        };
        var to = new Option<string>("--to-postgres")
        {
            Description = "Npgsql connection string of a new, empty PostgreSQL database, such as \"Host=db;Username=smsgw;Password=…;Database=smsgw\"",
            Required = true,
        };
        var command = new Command("migrate", "Copy a stopped SQLite store (accounts, messages, webhooks, pending work) into an empty PostgreSQL database") { from, to };
        command.SetAction((parseResult, cancellationToken) => RunAsync(parseResult.GetRequiredValue(from), parseResult.GetRequiredValue(to),
            parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string from, string connectionString, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var file = Path.GetFullPath(Directory.Exists(from) ? Path.Combine(from, new StorageOptions().SqliteFileName) : from);
        string target;
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            // Shown instead of the connection string, which may hold a password.
            target = $"postgres://{builder.Host}:{builder.Port}/{builder.Database}";
        }
        catch (ArgumentException ex)
        {
            await error.WriteLineAsync($"error: --to-postgres is not a valid connection string: {ex.Message}");
            return ExitCodes.Usage;
        }
        await output.WriteLineAsync($"copying {file} into {target}");
        CopyReport report;
        try
        {
            report = await new SqliteToPostgresCopy(TimeProvider.System).RunAsync(file, connectionString,
                table => output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {table.Table,-22} {table.Rows,10} rows  {table.Elapsed.TotalSeconds,6:0.00} s")), cancellationToken);
        }
        catch (FileNotFoundException ex)
        {
            await error.WriteLineAsync($"error: {ex.Message}");
            return ExitCodes.Usage;
        }
        catch (CopyRefusedException ex)
        {
            await error.WriteLineAsync($"error: {ex.Message}; nothing was written to PostgreSQL");
            return ExitCodes.Failure;
        }
        catch (Exception ex) when (ex is NpgsqlException or SqliteException or InvalidOperationException)
        {
            var source = ex switch { NpgsqlException => "PostgreSQL: ", SqliteException => "SQLite: ", _ => "" };
            await error.WriteLineAsync($"error: {source}{OneLine(ex.Message)}; the copy was rolled back");
            return ExitCodes.Failure;
        }
        if (report.LeasesReleased > 0)
        {
            await output.WriteLineAsync($"released {report.LeasesReleased} leases of the stopped server: that work resumes on PostgreSQL");
        }
        var dataDirectory = Path.GetDirectoryName(file)!;
        if (report.MissingFiles > 0)
        {
            await error.WriteLineAsync($"warning: {report.MissingFiles} MMS files named in the store are not under {Path.Combine(dataDirectory, "files")}");
        }
        await output.WriteLineAsync($"next: smsgw serve --data {dataDirectory} --postgres \"<the same connection string>\" (MMS files stay in {Path.Combine(dataDirectory, "files")})");
        var seconds = Math.Max(report.Elapsed.TotalSeconds, 0.001);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"migrated {report.Rows} rows of {report.Tables.Count} tables (schema {report.SchemaVersion}) in {seconds:0.00} s ({report.Rows / seconds:0} rows/s)"));
        return ExitCodes.Success;
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ");
}
