using System.ComponentModel;
using System.Diagnostics;
using TelegramAI.Deployment;

namespace TelegramAI.Tests.Deployment;

public sealed class CfnLintTests : IDisposable
{
    private static readonly TimeSpan LintTimeout = TimeSpan.FromMinutes(2);

    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("telegramai-cfn-lint-");

    [Fact]
    public async Task The_template_passes_cfn_lint_without_errors_or_warnings()
    {
        var templatePath = Path.Combine(_work.FullName, TemplateJson.FileName);
        await File.WriteAllTextAsync(
            templatePath, TemplateJson.Serialize(ProductionTemplate.Build()), TestContext.Current.CancellationToken);

        var (exitCode, output) = await RunCfnLintAsync(templatePath);

        // cfn-lint's exit code is a bit set: 1 fatal, 2 errors, 4 warnings, 8 informational.
        (exitCode & 0b111).ShouldBe(0, $"cfn-lint exited {exitCode}:\n{output}");
    }

    private static async Task<(int ExitCode, string Output)> RunCfnLintAsync(string templatePath)
    {
        var startInfo = new ProcessStartInfo("cfn-lint")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add("--format");
        startInfo.ArgumentList.Add("parseable");
        startInfo.ArgumentList.Add("--");
        startInfo.ArgumentList.Add(templatePath);

        Process process;
        try
        {
            process = Process.Start(startInfo)!;
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException("cfn-lint is not on PATH; install it with: pip install cfn-lint", e);
        }

        using (process)
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken))
        {
            timeout.CancelAfter(LintTimeout);
            try
            {
                var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
                var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
                await process.WaitForExitAsync(timeout.Token);
                return (process.ExitCode, await stdout + await stderr);
            }
            finally
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }
            }
        }
    }

    public void Dispose() => _work.Delete(recursive: true);
}
