using System.CommandLine;
using System.Diagnostics;
using NasBench.Cli.Terminal;
using NasBench.Core.SearchSpace;

namespace NasBench.Cli.Commands;

/// <summary>`nasbench space bench`: hashing throughput, enumeration time, fast lookup, index save/load.</summary>
internal static class SpaceBench
{
    public static Command Create()
    {
        var specs = new Option<int>("--specs") { Description = "Random specs for the hashing and lookup loops (1 to 50,000,000; default 200,000).", DefaultValueFactory = _ => 200_000 };
        var command = new Command("bench", "Measure graph hashing (MD5) per core, the full enumeration, the MD5-free lookup and index I/O.") { specs };
        command.SetAction(parse =>
        {
            var o = parse.InvocationConfiguration.Output;
            int n = parse.GetValue(specs);
            if (n is < 1 or > 50_000_000)
            {
                throw new CliException($"--specs must be between 1 and 50,000,000 (got {n}).");
            }

            var random = new Random(1);
            var raw = new CellKey[n];
            var pruned = new CellKey[n];
            for (int i = 0; i < n; i++)
            {
                raw[i] = CellSampler.RandomRaw(random);
                raw[i].Prune(out pruned[i]);
            }

            o.WriteLine("measure\tvalue\tunit");
            Hashing(o, pruned);
            var index = Enumeration(o);
            Lookup(o, index, raw);
            IndexFile(o, index);
            return 0;
        });
        return command;
    }

    private static void Hashing(TextWriter o, CellKey[] cells)
    {
        ulong sink = 0;
        for (int i = 0; i < Math.Min(cells.Length, 2000); i++)
        {
            sink ^= GraphHash.Compute(cells[i]).Low; // warm-up
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        foreach (var cell in cells)
        {
            sink ^= GraphHash.Compute(cell).Low;
        }

        watch.Stop();
        long bytes = GC.GetAllocatedBytesForCurrentThread() - allocated;
        o.WriteLine($"graph_hash_md5_one_core\t{cells.Length / watch.Elapsed.TotalSeconds:F0}\tspecs/s");
        o.WriteLine($"graph_hash_allocated\t{(double)bytes / cells.Length:F1}\tbytes/spec");
        o.WriteLine($"graph_hash_checksum\t{sink:x16}\t(keeps the loop alive)");
    }

    private static CellIndex Enumeration(TextWriter o)
    {
        var index = SpaceEnumerator.Enumerate();
        o.WriteLine($"enumeration_wall\t{index.BuildTime.TotalSeconds:F2}\ts ({Environment.ProcessorCount} cores, {index.Count} unique cells)");
        return index;
    }

    private static void Lookup(TextWriter o, CellIndex index, CellKey[] raw)
    {
        long sum = 0;
        for (int round = 0; round < 2; round++)
        {
            long allocated = GC.GetAllocatedBytesForCurrentThread();
            var watch = Stopwatch.StartNew();
            for (int repeat = 0; repeat < 5; repeat++)
            {
                foreach (var key in raw)
                {
                    index.TryFind(key, out int cell);
                    sum += cell;
                }
            }

            watch.Stop();
            if (round == 1)
            {
                o.WriteLine($"spec_to_cell_one_core\t{5.0 * raw.Length / watch.Elapsed.TotalSeconds:F0}\tspecs/s (prune + table lookup, no MD5)");
                o.WriteLine($"spec_to_cell_allocated\t{(double)(GC.GetAllocatedBytesForCurrentThread() - allocated) / (5.0 * raw.Length):F1}\tbytes/spec");
            }
        }

        o.WriteLine($"spec_to_cell_checksum\t{sum}\t(keeps the loop alive)");
    }

    private static void IndexFile(TextWriter o, CellIndex index)
    {
        string path = Path.Combine(Path.GetTempPath(), $"nasbench-bench-{Environment.ProcessId}.nbindex");
        try
        {
            var watch = Stopwatch.StartNew();
            index.Save(path);
            o.WriteLine($"index_save\t{watch.Elapsed.TotalMilliseconds:F0}\tms ({new FileInfo(path).Length / 1e6:F1} MB)");
            watch.Restart();
            var loaded = CellIndex.Load(path);
            o.WriteLine($"index_load\t{watch.Elapsed.TotalMilliseconds:F0}\tms ({loaded.Count} cells)");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
