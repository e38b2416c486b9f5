using System.Buffers.Binary;
using NasBench.Core.Benchmark.TfRecord;

namespace NasBench.Core.Tests.Benchmark;

public sealed class Crc32CTests
{
    [Fact]
    public void Compute_CheckValueOf123456789()
    {
        Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8));
        Assert.Equal(0xE3069283u, BitByBit("123456789"u8));
    }

    /// <summary>Words of 8 bytes, then the tail byte by byte: every length and alignment against the definition.</summary>
    [Fact]
    public void Compute_AgreesWithTheBitByBitDefinitionOnEveryLength()
    {
        var random = new Random(7);
        var data = new byte[1000];
        random.NextBytes(data);
        for (int length = 0; length < 80; length++)
        {
            Assert.Equal(BitByBit(data.AsSpan(3, length)), Crc32C.Compute(data.AsSpan(3, length)));
        }

        Assert.Equal(BitByBit(data), Crc32C.Compute(data));
    }

    /// <summary>The reflected CRC with polynomial 0x82F63B78, one bit at a time.</summary>
    private static uint BitByBit(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0x82F63B78 ^ (crc >> 1) : crc >> 1;
            }
        }

        return ~crc;
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
