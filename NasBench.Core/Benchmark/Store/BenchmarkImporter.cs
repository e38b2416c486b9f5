using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using NasBench.Core.Benchmark.Records;
using NasBench.Core.Benchmark.TfRecord;
using NasBench.Core.Experiments;
using NasBench.Core.Progress;
using NasBench.Core.SearchSpace;

namespace NasBench.Core.Benchmark.Store;

/// <summary>What an import produced, and where the time went (reading and parsing, checking and sorting, writing).</summary>
public sealed record ImportResult(string StorePath, StoreMetadata Metadata, TimeSpan Elapsed, TimeSpan ReadTime, TimeSpan SortTime, TimeSpan WriteTime);

/// <summary>
/// Turns an official (or synthetic) tfrecord file into a store, reading the file exactly once.
/// </summary>
/// <remarks>
/// <code>
/// reader thread: read 8 MiB batches, hash them (SHA-256), frame records and check both CRCs → bounded queue
/// this thread:   for each batch in order: parse its records in parallel (all cores) into ParsedRecord[],
///                then add them in file order (repeat = order within (hash, epochs))
/// finally:       check 3 repeats per (hash, budget), sort by hash, write a temporary file, rename it over the store
/// </code>
/// Any problem stops the import with "record N at byte offset O: what"; the previous store is untouched. So does
/// a cancel (between batches, or before the write): the store is only ever replaced by a finished temporary file.
/// </remarks>
public static class BenchmarkImporter
{
    /// <summary>
    /// Checks every record of the TFRecord file and writes the store; on failure or cancel the previous store stays as it was.
    /// </summary>
    public static ImportResult Import(string tfrecordPath, string storePath, CellIndex space, IProgress<ExperimentProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(space);
        var watch = Stopwatch.StartNew();
        long fileLength = new FileInfo(tfrecordPath).Length;
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var reader = TfRecordReader.Open(tfrecordPath, sha);
        var table = new ImportTable(space);
        ReadAll(reader, table, space, fileLength, progress, cancellationToken);
        var read = watch.Elapsed;
        cancellationToken.ThrowIfCancellationRequested();
        var content = table.Finish();
        var sorted = watch.Elapsed;
        cancellationToken.ThrowIfCancellationRequested();
        var metadata = new StoreMetadata(Path.GetFileName(tfrecordPath), Convert.ToHexStringLower(sha.GetHashAndReset()),
            table.Records, content.Epochs, content.Hashes.Length, table.IsSynthetic);
        StoreFile.Write(storePath, content, metadata);
        progress?.Report(new ExperimentProgress(1, $"imported {table.Records:N0} records of {content.Hashes.Length:N0} cells"));
        return new ImportResult(storePath, metadata, watch.Elapsed, read, sorted - read, watch.Elapsed - sorted);
    }

    private static void ReadAll(TfRecordReader reader, ImportTable table, CellIndex space, long fileLength, IProgress<ExperimentProgress>? progress,
        CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var queue = new BlockingCollection<TfRecordBatch>(boundedCapacity: 3);
        Exception? readError = null;
        var readerThread = new Thread(() =>
        {
            try
            {
                for (var batch = reader.ReadBatch(); batch is not null; batch = reader.ReadBatch())
                {
                    queue.Add(batch, cts.Token);
                }
            }
            catch (Exception e)
            {
                readError = e;
            }
            finally
            {
                queue.CompleteAdding();
            }
        }) { IsBackground = true, Name = "tfrecord reader" };
        readerThread.Start();
        try
        {
            var parsed = new ParsedRecord[4096];
            foreach (var batch in queue.GetConsumingEnumerable(cts.Token))
            {
                if (parsed.Length < batch.Count)
                {
                    parsed = new ParsedRecord[batch.Count];
                }

                ParseBatch(batch, parsed, space);
                for (int i = 0; i < batch.Count; i++)
                {
                    table.Add(parsed[i], batch.FirstRecord + i, batch.Offset(i));
                }

                // The records handled so far, not the reader's position: the reader thread runs ahead.
                long done = batch.Count > 0 ? batch.Offset(batch.Count - 1) + 16 + batch.Data(batch.Count - 1).Length : 0;
                batch.Release();
                double fraction = Math.Min(1, (double)done / Math.Max(1, fileLength));
                progress?.Report(new ExperimentProgress(fraction, $"importing: {table.Records:N0} records checked")
                {
                    Remaining = Eta.Remaining(fraction, watch.Elapsed),
                });
            }
        }
        finally
        {
            cts.Cancel();
            readerThread.Join();
        }

        if (readError is not null and not OperationCanceledException)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(readError);
        }
    }

    private static void ParseBatch(TfRecordBatch batch, ParsedRecord[] parsed, CellIndex space)
    {
        int firstBad = int.MaxValue;
        string? problem = null;
        var gate = new object();
        Parallel.ForEach(Partitioner.Create(0, batch.Count, 512), range =>
        {
            for (int i = range.Item1; i < range.Item2; i++)
            {
                string? error = RecordParser.TryParse(batch.Data(i), space, out parsed[i]);
                if (error is not null)
                {
                    lock (gate)
                    {
                        if (i < firstBad)
                        {
                            (firstBad, problem) = (i, error);
                        }
                    }

                    return;
                }
            }
        });
        if (problem is not null)
        {
            throw RecordError.At(batch.FirstRecord + firstBad, batch.Offset(firstBad), problem);
        }
    }
}
