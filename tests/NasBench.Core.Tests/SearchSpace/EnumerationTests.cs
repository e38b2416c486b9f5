using NasBench.Core.SearchSpace;

namespace NasBench.Core.Tests.SearchSpace;

[Collection(nameof(SpaceCollection))]
public sealed class EnumerationTests(SpaceFixture fixture)
{
    [Fact]
    public void Enumerate_CountsMatchTheReferenceTable()
    {
        var index = fixture.Index;
        Assert.Equal(CellIndex.UniqueCells, index.Count);
        var expected = new (int V, int Matrices, int Labeled, int Unique)[]
        {
            (2, 1, 1, 1), (3, 2, 6, 6), (4, 10, 90, 84), (5, 121, 3_267, 2_441), (6, 1_545, 125_145, 62_010), (7, 4_793, 1_164_699, 359_082),
        };
        foreach (var (v, matrices, labeled, unique) in expected)
        {
            var s = index.Stats.Single(x => x.Vertices == v);
            Assert.Equal((matrices, labeled, unique), (s.ValidMatrices, s.LabeledGraphs, s.NewUniqueCells));
        }

        Assert.Equal(1_293_208, index.Stats.Sum(s => s.LabeledGraphs));
    }

    [Fact]
    public void Enumerate_UniqueCellsByEdgeCount()
    {
        var counts = new int[10];
        for (int i = 0; i < fixture.Index.Count; i++)
        {
            counts[fixture.Index.Cell(i).EdgeCount]++;
        }

        Assert.Equal(new[] { 0, 1, 3, 12, 60, 339, 2_134, 13_984, 78_822, 328_269 }, counts);
    }

    [Fact]
    public void Enumerate_CanonicalRepresentativesEqualTheDatasetsStoredForms()
    {
        int checkedRows = 0;
        foreach (var row in SharedData.ReadCsv("specs_1k.csv"))
        {
            int i = fixture.Index.IndexOf(CellHash.Parse(row[0]));
            Assert.True(i >= 0, $"hash {row[0]} not enumerated");
            Assert.Equal(row[1], fixture.Index.Cell(i).ToAdjacencyString());
            Assert.Equal(row[2], fixture.Index.Cell(i).ToOperationsString());
            checkedRows++;
        }

        Assert.Equal(1000, checkedRows);
    }

    [Fact]
    public void Enumerate_EveryRealHashOf30kIsFoundAndItsParameterCountMatches()
    {
        int rows = 0;
        foreach (var row in SharedData.ReadCsv("metrics_30k.csv"))
        {
            int i = fixture.Index.IndexOf(CellHash.Parse(row[0]));
            Assert.True(i >= 0, $"hash {row[0]} not enumerated");
            Assert.Equal(long.Parse(row[1]), TrainableParameters.Count(fixture.Index.Cell(i)));
            rows++;
        }

        Assert.Equal(30_001, rows);
    }

    [Fact]
    public void Enumerate_HashOfEveryRepresentativeIsItsGraphHash()
    {
        var random = new Random(7);
        for (int k = 0; k < 2000; k++)
        {
            int i = random.Next(fixture.Index.Count);
            Assert.Equal(GraphHash.Compute(fixture.Index.Cell(i)), fixture.Index.Hash(i));
        }
    }

    [Fact]
    public void FastLookup_AgreesWithMd5OnRandomRawSpecs()
    {
        var random = new Random(11);
        for (int k = 0; k < 3000; k++)
        {
            var raw = CellSampler.RandomRaw(random);
            Assert.Equal(SpecStatus.Ok, fixture.Index.TryFind(raw, out int cell));
            raw.Prune(out var pruned);
            Assert.Equal(GraphHash.Compute(pruned), fixture.Index.Hash(cell));
        }
    }

    [Fact]
    public void SaveAndLoad_RoundTripsAndDetectsDamage()
    {
        string path = Path.Combine(Path.GetTempPath(), $"nbidx-{Guid.NewGuid():N}.bin");
        try
        {
            fixture.Index.Save(path);
            var loaded = CellIndex.Load(path);
            Assert.Equal(fixture.Index.Count, loaded.Count);
            for (int i = 0; i < loaded.Count; i += 997)
            {
                Assert.Equal(fixture.Index.Cell(i), loaded.Cell(i));
                Assert.Equal(fixture.Index.Hash(i), loaded.Hash(i));
            }

            Assert.Equal(fixture.Index.Stats, loaded.Stats);
            var bytes = File.ReadAllBytes(path);
            bytes[bytes.Length / 2] ^= 0xFF;
            File.WriteAllBytes(path, bytes);
            var error = Assert.Throws<InvalidDataException>(() => CellIndex.Load(path));
            Assert.Contains("checksum", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}

[Collection(nameof(SpaceCollection))]
public sealed class EnumerationMd5Tests(SpaceFixture fixture)
{
    [Fact]
    public void VerifyAgainstMd5_EveryFiftiethLabeledGraphHashesToItsCell()
    {
        Assert.Equal(25_865, SpaceEnumerator.VerifyAgainstMd5(fixture.Index, stride: 50));
    }
}
