using System.Text;
using TorchSharp;

namespace NasBench.Training.Tests;

/// <summary>build/TorchSharpNativeFix.targets: the shim in the output folder loads on Debian 12.</summary>
public class NativeShimTests
{
    [Fact]
    public void Shim_InTheOutputFolder_HasGlibcxx3432MarkedWeak_AndLoads()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Assert.True(File.Exists(path), path);
        Assert.Equal(0x2, VersionNeedFlags(File.ReadAllBytes(path), "GLIBCXX_3.4.32") & 0x2);
        using var x = torch.ones(3);
        Assert.Equal(3f, x.sum().item<float>());
    }

    /// <summary>The vna_flags of a version requirement in .gnu.version_r (ELF64 little-endian).</summary>
    private static int VersionNeedFlags(byte[] b, string name)
    {
        long shoff = BitConverter.ToInt64(b, 0x28);
        int size = BitConverter.ToUInt16(b, 0x3A), count = BitConverter.ToUInt16(b, 0x3C);
        for (int s = 0; s < count; s++)
        {
            int sh = (int)(shoff + (s * size));
            if (BitConverter.ToUInt32(b, sh + 4) != 0x6ffffffe)
            {
                continue;
            }

            long strings = BitConverter.ToInt64(b, (int)(shoff + (BitConverter.ToUInt32(b, sh + 0x28) * size)) + 0x18);
            long vn = BitConverter.ToInt64(b, sh + 0x18);
            for (uint i = 0; i < BitConverter.ToUInt32(b, sh + 0x2C); i++, vn += BitConverter.ToUInt32(b, (int)vn + 12))
            {
                long aux = vn + BitConverter.ToUInt32(b, (int)vn + 8);
                for (int j = 0; j < BitConverter.ToUInt16(b, (int)vn + 2); j++, aux += BitConverter.ToUInt32(b, (int)aux + 12))
                {
                    int at = (int)(strings + BitConverter.ToUInt32(b, (int)aux + 8)), end = Array.IndexOf(b, (byte)0, at);
                    if (Encoding.ASCII.GetString(b, at, end - at) == name)
                    {
                        return BitConverter.ToUInt16(b, (int)aux + 4);
                    }
                }
            }
        }

        throw new InvalidDataException($"{name} is not required.");
    }
}
