using System.Text.Json.Nodes;

namespace TelegramAI.Tests.Support;

/// <summary>
/// One thing yt-dlp does instead of its own work: when its last argument (the link, or "--version") contains
/// <see cref="Match"/>, and its arguments include <see cref="When"/> if that is set, it prints
/// <see cref="Stdout"/> and <see cref="Stderr"/> and exits with <see cref="ExitCode"/>.
/// </summary>
public sealed record StandInRule(string Match, string Stdout = "", string Stderr = "", int ExitCode = 1, string? When = null)
{
    /// <summary>A failed run that prints one of yt-dlp's ERROR lines.</summary>
    public static StandInRule Error(string match, string errorLine, string? when = null) =>
        new(match, Stderr: errorLine + "\n", When: when);

    /// <summary>A run that answers <c>--version</c> with <paramref name="version"/>.</summary>
    public static StandInRule Version(string version) => new("--version", Stdout: version + "\n", ExitCode: 0);
}

/// <summary>What one run of the stand-in was given: its arguments, and the cookies file's text when it had one.</summary>
public sealed record StandInRun(IReadOnlyList<string> Arguments, string? Cookies)
{
    public string Target => Arguments[^1];

    public bool IsDownload => Arguments.Contains("--print-to-file");

    public string? ValueOf(string flag) => Arguments.ToList().IndexOf(flag) is >= 0 and var i && i + 1 < Arguments.Count ? Arguments[i + 1] : null;
}

/// <summary>
/// A stand-in for yt-dlp, set as <c>Downloads__YtDlpPath</c>: a small Python script that records every run
/// (its arguments, and the cookies it was handed) and then follows the first rule that fits, or else runs
/// the real yt-dlp with the same arguments. Sites such as YouTube are out of reach here, so their answers
/// (the ERROR lines public bug reports quote) come from the rules.
/// </summary>
public sealed class StandInYtDlp : IDisposable
{
    private const string Script = """
        #!/usr/bin/env python3
        import json, os, sys
        here = os.path.dirname(os.path.abspath(__file__))
        args = sys.argv[1:]
        run = {"args": args}
        if "--cookies" in args:
            with open(args[args.index("--cookies") + 1], encoding="utf-8") as cookies:
                run["cookies"] = cookies.read()
        with open(os.path.join(here, "runs.jsonl"), "a", encoding="utf-8") as log:
            log.write(json.dumps(run) + "\n")
        with open(os.path.join(here, "rules.json"), encoding="utf-8") as rules:
            for rule in json.load(rules):
                if rule["match"] in args[-1] and (rule["when"] is None or rule["when"] in args):
                    sys.stdout.write(rule["stdout"])
                    sys.stderr.write(rule["stderr"])
                    sys.exit(rule["exitCode"])
        os.execvp("yt-dlp", ["yt-dlp"] + args)

        """;

    private readonly TempFolder _folder = new();

    public StandInYtDlp(params StandInRule[] rules)
    {
        Path = System.IO.Path.Combine(_folder.FullPath, "yt-dlp");
        File.WriteAllText(Path, Script.Replace("\r\n", "\n", StringComparison.Ordinal));
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var json = new JsonArray([.. rules.Select(rule => new JsonObject
        {
            ["match"] = rule.Match,
            ["when"] = rule.When,
            ["stdout"] = rule.Stdout,
            ["stderr"] = rule.Stderr,
            ["exitCode"] = rule.ExitCode,
        })]);
        File.WriteAllText(System.IO.Path.Combine(_folder.FullPath, "rules.json"), json.ToJsonString());
    }

    /// <summary>The script, for <c>Downloads__YtDlpPath</c>.</summary>
    public string Path { get; }

    /// <summary>Every run so far, in order.</summary>
    public IReadOnlyList<StandInRun> Runs()
    {
        var log = System.IO.Path.Combine(_folder.FullPath, "runs.jsonl");
        if (!File.Exists(log))
            return [];

        return File.ReadAllLines(log)
            .Where(line => line.Length > 0)
            .Select(line => JsonNode.Parse(line)!.AsObject())
            .Select(run => new StandInRun([.. run["args"]!.AsArray().Select(a => a!.GetValue<string>())], (string?)run["cookies"]))
            .ToList();
    }

    /// <summary>The runs for one link (or "--version").</summary>
    public IReadOnlyList<StandInRun> RunsFor(string target) => Runs().Where(run => run.Target == target).ToList();

    public void Dispose() => _folder.Dispose();
}
