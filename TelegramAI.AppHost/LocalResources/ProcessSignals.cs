using System.Diagnostics;
using System.Runtime.InteropServices;

namespace TelegramAI.AppHost.LocalResources;

/// <summary>SIGTERM for a child process: .NET's Process can only kill.</summary>
internal static class ProcessSignals
{
    private const int SigInt = 2;
    private const int SigTerm = 15;

    /// <summary>What Ctrl-C sends; tests use it to stop the AppHost as a developer would.</summary>
    public static bool Interrupt(Process process) => !OperatingSystem.IsWindows() && Kill(process.Id, SigInt) == 0;

    /// <summary>Asks the process to stop (the .NET host then shuts down gracefully); false where signals do not exist.</summary>
    public static bool Terminate(Process process)
    {
        if (OperatingSystem.IsWindows())
        {
            return false;
        }

        return Kill(process.Id, SigTerm) == 0;
    }

    // DllImport rather than LibraryImport, which would need unsafe code: both arguments are plain ints.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int pid, int signal);
}
