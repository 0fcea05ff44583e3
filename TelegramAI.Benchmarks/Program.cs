// Each benchmark lives in its own file as a static RunAsync(string[] args) and is listed here.
var benchmarks = new Dictionary<string, Func<string[], Task<int>>>(StringComparer.OrdinalIgnoreCase)
{
    ["apphost"] = TelegramAI.Benchmarks.AppHostBenchmark.RunAsync,
    ["bot"] = TelegramAI.Benchmarks.BotBenchmark.RunAsync,
    ["scaling"] = TelegramAI.Benchmarks.Scaling.ScalingBenchmark.RunAsync,
    ["worker"] = TelegramAI.Benchmarks.WorkerBenchmark.RunAsync,
};

if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out var run))
{
    Console.Error.WriteLine($"usage: dotnet run -c Release --project TelegramAI.Benchmarks -- <{string.Join('|', benchmarks.Keys)}> [options]");
    return 2;
}

return await run(args[1..]);
