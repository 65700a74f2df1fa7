using Smsgw.Bench;

// Usage: dotnet run -c Release --project bench/Smsgw.Bench -- <scenario> [options]; --help lists them
// Every figure is printed beside the baseline measured in the same run (STYLE §8).
BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}
if (options.Help)
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}

Console.WriteLine($"smsgw bench {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm}Z, {Environment.ProcessorCount} cores, .NET {Environment.Version}, server GC {System.Runtime.GCSettings.IsServerGC}");
var failed = false;
if (options.Scenario is "accept" or "all")
{
    failed |= !await AcceptBench.RunAsync(options);
}
if (options.Scenario is "accept-postgres")
{
    failed |= !await AcceptPostgresBench.RunAsync(options);
}
if (options.Scenario is "conversation" or "all")
{
    failed |= !await ConversationBench.RunAsync(options);
}
if (options.Scenario is "conversation-postgres")
{
    failed |= !await ConversationPostgresBench.RunAsync(options);
}
if (options.Scenario is "webhooks" or "all")
{
    failed |= !await WebhookBench.RunAsync(options);
}
if (options.Scenario is "smpp")
{
    failed |= !await SmppBench.RunAsync(options);
}
if (options.Scenario is "smpp-throttle")
{
    failed |= !await SmppThrottleBench.RunAsync(options);
}
if (options.Scenario is "store")
{
    failed |= !await StoreBench.RunAsync(options);
}
if (options.Scenario is "codec")
{
    failed |= !CodecBenchmarks.Run();
}
// A missed target is a figure, not a failure: the exit code only says whether the bench ran through.
return failed ? 1 : 0;
