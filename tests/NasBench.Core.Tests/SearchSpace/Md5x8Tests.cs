using System.Security.Cryptography;
using NasBench.Core.SearchSpace;

namespace NasBench.Core.Tests.SearchSpace;

public sealed class Md5x8Tests
{
    [Fact]
    public void HashMany_EveryLaneEqualsThePlatformMd5ForMixedLengths()
    {
        var random = new Random(8);
        for (int trial = 0; trial < 400; trial++)
        {
            int count = 1 + random.Next(11);
            var lengths = Enumerable.Range(0, count).Select(_ => random.Next(trial % 2 == 0 ? 130 : 600)).ToArray();
            var starts = new int[count];
            for (int i = 1; i < count; i++)
            {
                starts[i] = starts[i - 1] + lengths[i - 1];
            }

            var data = new byte[lengths.Sum()];
            random.NextBytes(data);
            var results = new CellHash[count];
            Md5x8.HashMany(data, starts, lengths, results);
            for (int i = 0; i < count; i++)
            {
                Assert.Equal(Convert.ToHexStringLower(MD5.HashData(data.AsSpan(starts[i], lengths[i]))), results[i].ToString());
            }
        }
    }

    [Theory]
    [InlineData(55)]
    [InlineData(56)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(119)]
    [InlineData(120)]
    public void HashMany_PaddingBoundaries(int length)
    {
        var data = Enumerable.Range(0, length * 3).Select(i => (byte)i).ToArray();
        var results = new CellHash[3];
        Md5x8.HashMany(data, [0, length, 2 * length], [length, length, length], results);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(Md5.Hash(data.AsSpan(i * length, length)), results[i]);
        }
    }
}
