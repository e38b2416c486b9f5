using System.IO.MemoryMappedFiles;

namespace NasBench.Core.Benchmark.Store;

/// <summary>
/// The metrics section of a store, memory-mapped read-only: opening costs no copy, and the pages are shared with the
/// operating system's file cache.
/// </summary>
internal sealed unsafe class MappedMetrics : IDisposable
{
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private readonly RepeatMetrics* _first;
    private bool _disposed;

    public MappedMetrics(string path, long offset, long count)
    {
        _file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        try
        {
            _view = _file.CreateViewAccessor(offset, count * sizeof(RepeatMetrics), MemoryMappedFileAccess.Read);
        }
        catch
        {
            _file.Dispose();
            throw;
        }

        byte* pointer = null;
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        _first = (RepeatMetrics*)(pointer + _view.PointerOffset);
        Count = count;
    }

    public long Count { get; }

    /// <summary>Element i; the caller has checked the bounds.</summary>
    public RepeatMetrics this[long i]
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _first[i];
        }
    }

    /// <summary>The raw bytes, in spans of at most 1 GiB, for checksumming.</summary>
    public IEnumerable<(long Start, int Length)> Chunks()
    {
        long total = Count * System.Runtime.CompilerServices.Unsafe.SizeOf<RepeatMetrics>();
        for (long start = 0; start < total; start += 1 << 30)
        {
            yield return (start, (int)Math.Min(1 << 30, total - start));
        }
    }

    public ReadOnlySpan<byte> Bytes(long start, int length) => new((byte*)_first + start, length);

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
            _file.Dispose();
        }
    }
}
