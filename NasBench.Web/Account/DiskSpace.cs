using Microsoft.Extensions.Options;
using NasBench.Web.Data;

namespace NasBench.Web.Account;

/// <summary>
/// The free space of the data folder's disk, checked before the lab writes what a client sent (a launch, an import, an
/// upload) and reported by /healthz: below <see cref="LabLimitsOptions.MinFreeDiskBytes"/> those writes are refused with
/// 507 before anything is stored, instead of failing half-way. The probe is a seam: tests replace it rather than fill a disk.
/// </summary>
public sealed class DiskSpace(IOptions<LabLimitsOptions> limits)
{
    /// <summary>Free bytes of the file system holding a folder, or null when it cannot be read. Defaults to
    /// <see cref="DriveInfo.AvailableFreeSpace"/>.</summary>
    public Func<string, long?> Probe { get; set; } = Available;

    /// <summary>Free bytes where the data folder is, or null when unknown.</summary>
    public long? FreeBytes() => Probe(LabPaths.DataDirectory);

    /// <summary>Whether the free space is known and below the minimum.</summary>
    public bool IsFull => FreeBytes() is { } free && free < limits.Value.MinFreeDiskBytes;

    /// <summary>Throws <see cref="DiskFullException"/> (a 507 to the client) when <see cref="IsFull"/>.</summary>
    public void ThrowIfFull()
    {
        if (FreeBytes() is { } free && free < limits.Value.MinFreeDiskBytes)
        {
            throw new DiskFullException($"The data folder's disk has {free:N0} bytes free, below the {limits.Value.MinFreeDiskBytes:N0} the lab keeps (NasBench:Limits:MinFreeDiskBytes).");
        }
    }

    /// <summary>The real probe.</summary>
    public static long? Available(string folder)
    {
        try
        {
            return new DriveInfo(Path.GetFullPath(folder)).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}

/// <summary>"No space left on device" before the write: the same 507 as a write that hit ENOSPC (ProblemExtensions).</summary>
public sealed class DiskFullException : IOException
{
    public DiskFullException(string message)
        : base(message, 28)
    {
    }

    public DiskFullException()
        : this("No space left on device.")
    {
    }

    public DiskFullException(string message, Exception inner)
        : base(message, inner)
    {
        HResult = 28;
    }
}
