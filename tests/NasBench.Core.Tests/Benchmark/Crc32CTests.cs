using System.Buffers.Binary;
using NasBench.Core.Benchmark.TfRecord;

namespace NasBench.Core.Tests.Benchmark;

public sealed class Crc32CTests
{
    [Fact]
    public void Compute_CheckValueOf123456789()
    {
        Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8));
        Assert.Equal(0xE3069283u, ~Crc32C.UpdateTable(0xFFFFFFFF, "123456789"u8));
    }

    [Fact]
    public void Update_HardwareAndTablePathsAgreeOnEveryLength()
    {
        var random = new Random(7);
        var data = new byte[1000];
        random.NextBytes(data);
        for (int length = 0; length < data.Length; length += 37)
        {
            Assert.Equal(Crc32C.UpdateTable(0xFFFFFFFF, data.AsSpan(0, length)), Crc32C.Update(0xFFFFFFFF, data.AsSpan(0, length)));
        }
    }

    [Fact]
    public void Masked_RealRecordFramingCrcs()
    {
        byte[] file = File.ReadAllBytes(SharedData.RealData("record_00005c14_epochs4.tfrecord"));
        Assert.Equal(417, file.Length);
        Assert.Equal(0x9bed2598u, BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(8)));
        Assert.Equal(0x9bed2598u, Crc32C.Masked(file.AsSpan(0, 8)));
        Assert.Equal(0x03691668u, Crc32C.Masked(file.AsSpan(12, file.Length - 16)));
        Assert.Equal(Crc32C.Compute(file.AsSpan(0, 8)), Crc32C.Unmask(0x9bed2598u));
    }
}
