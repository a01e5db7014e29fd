using System.Diagnostics;

namespace Lianbo.Core.Tests;

/// <summary>
/// A real small disk (a tmpfs of a given size) to fill up or make read-only, for what only a real full or read-only
/// disk shows. Mounting needs root, as the README's test command runs in CI; elsewhere the test is skipped, saying so.
/// </summary>
public sealed class SmallDisk : IDisposable
{
    private SmallDisk(string path) => Path = path;

    public string Path { get; }

    public static SmallDisk Mount(int megabytes)
    {
        Assert.SkipUnless(OperatingSystem.IsLinux() && Environment.UserName == "root", "A small disk is a tmpfs mount, which needs root (the README's test command runs as root in CI).");
        var path = Directory.CreateTempSubdirectory("lianbo-disk-").FullName;
        var (code, error) = Run("mount", "-t", "tmpfs", "-o", $"size={megabytes}m", "tmpfs", path);
        Assert.SkipWhen(code != 0, $"mount -t tmpfs refused here: {error}");
        return new SmallDisk(path);
    }

    /// <summary>Writes a file of zeros until the disk has no room left.</summary>
    public void Fill()
    {
        var buffer = new byte[1 << 20];
        using var filler = File.Create(System.IO.Path.Combine(Path, "filler"));
        try
        {
            while (true)
            {
                filler.Write(buffer);
                filler.Flush();
            }
        }
        catch (IOException)
        {
            // Full, as wanted.
        }
    }

    /// <summary>Frees what <see cref="Fill"/> took.</summary>
    public void Empty() => File.Delete(System.IO.Path.Combine(Path, "filler"));

    public void MakeReadOnly() => Assert.Equal(0, Run("mount", "-o", "remount,ro", Path).Code);

    public void MakeWritable() => Assert.Equal(0, Run("mount", "-o", "remount,rw", Path).Code);

    public void Dispose()
    {
        Run("umount", "-l", Path);
        Directory.Delete(Path, recursive: true);
    }

    private static (int Code, string Error) Run(string program, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(program, args) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, error);
    }
}
