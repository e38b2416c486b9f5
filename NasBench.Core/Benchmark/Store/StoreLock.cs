using System.Globalization;

namespace NasBench.Core.Benchmark.Store;

/// <summary>
/// The one writer of a store: a lock file beside it (<c>nasbench.nbstore.lock</c>) opened with
/// <see cref="FileShare.None"/> and held for as long as a setup makes the store (download, demo file, import, rename),
/// so two setups of the same store — two lab experiments, or one and a <c>nasbench data setup</c> in another process —
/// never write it at once. The second is refused at once with <see cref="StoreBusyException"/>, naming the store.
/// </summary>
/// <remarks>
/// <code>
/// open STORE.lock (create if missing), share none      → held: write our process id into it, for people
///                                                        → refused (another handle holds it): StoreBusyException
/// … the setup writes a temporary file and renames it over STORE (StoreFile.Write) …
/// dispose: close the handle (the file stays: deleting it would let a third setup lock a new file while a second
///          still holds the old one's handle)
/// </code>
/// On Linux .NET takes <c>flock(LOCK_EX | LOCK_NB)</c> for FileShare.None, which conflicts across processes and between two
/// handles of one process alike; it ends with the process, so a killed setup leaves no stale lock.
/// </remarks>
public sealed class StoreLock : IDisposable
{
    private readonly FileStream _file;

    private StoreLock(FileStream file, string path)
    {
        _file = file;
        Path = path;
    }

    /// <summary>The lock file.</summary>
    public string Path { get; }

    /// <summary>The lock file of a store: its full path with <c>.lock</c> appended.</summary>
    public static string PathOf(string storePath) => System.IO.Path.GetFullPath(storePath) + ".lock";

    /// <summary>Takes the store's lock, or throws <see cref="StoreBusyException"/> when another setup holds it.</summary>
    public static StoreLock Acquire(string storePath)
    {
        string store = System.IO.Path.GetFullPath(storePath);
        string path = PathOf(store);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(store)!);
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1);
        }
        catch (IOException e) when (e.GetType() == typeof(IOException) && File.Exists(path))
        {
            // A sharing violation (the other cases have their own types: not found, access denied, path too long).
            throw new StoreBusyException(store, path, e);
        }

        try
        {
            file.SetLength(0);
            file.Write(System.Text.Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId}\n")));
            file.Flush();
        }
        catch
        {
            file.Dispose();
            throw;
        }

        return new StoreLock(file, path);
    }

    /// <summary>Releases the lock (the file stays).</summary>
    public void Dispose() => _file.Dispose();
}

/// <summary>Another setup is writing the store: the message names the store and its lock file.</summary>
public sealed class StoreBusyException : IOException
{
    /// <summary>A refusal for <paramref name="store"/>, whose lock file <paramref name="lockFile"/> another handle holds.</summary>
    public StoreBusyException(string store, string lockFile, Exception inner)
        : base($"The benchmark store {store} is being written by another setup (it holds {lockFile}): wait until that one ends, then try again.", inner)
    {
        Store = store;
    }

    /// <summary>An empty refusal (for serializers).</summary>
    public StoreBusyException() : base("The benchmark store is being written by another setup.") => Store = string.Empty;

    /// <summary>A refusal with a message of the caller's.</summary>
    public StoreBusyException(string message) : base(message) => Store = string.Empty;

    /// <summary>A refusal with a message of the caller's and the error behind it.</summary>
    public StoreBusyException(string message, Exception inner) : base(message, inner) => Store = string.Empty;

    /// <summary>The store's full path.</summary>
    public string Store { get; }
}
