using NasBench.Core.SearchSpace;
using NasBench.Training.Predictors;

namespace NasBench.Training.Tests.Predictors;

/// <summary>AlphaX's 56-number encoding (<c>predict_encoder</c>) of cells written out by hand.</summary>
public class AlphaXEncodingTests
{
    private static float[] Encode(string adjacency, string operations)
    {
        var values = new float[AlphaXEncoding.Length];
        AlphaXEncoding.Encode(ModelSpec.Parse(adjacency, operations).Cell, values);
        return values;
    }

    [Fact]
    public void Encode_SevenVertices_RowMajorMatrixThenCodesWithoutTheOutput()
    {
        // The NAS-Bench-101 README's example cell: 49 entries, then input 2, conv1x1 3, conv3x3 5 ×3, maxpool 4, pad 9.
        var values = Encode("0111010000000100000010000100000000100000010000000",
            "input,conv1x1-bn-relu,conv3x3-bn-relu,conv3x3-bn-relu,conv3x3-bn-relu,maxpool3x3,output");
        float[] expected =
        [
            0, 1, 1, 1, 0, 1, 0,
            0, 0, 0, 0, 0, 0, 1,
            0, 0, 0, 0, 0, 0, 1,
            0, 0, 0, 0, 1, 0, 0,
            0, 0, 0, 0, 0, 0, 1,
            0, 0, 0, 0, 0, 0, 1,
            0, 0, 0, 0, 0, 0, 0,
            2, 3, 5, 5, 5, 4, 9,
        ];
        Assert.Equal(expected, values);
    }

    [Fact]
    public void Encode_FourVertices_FlattensTheSmallMatrixAndPads()
    {
        // input→conv3x3→maxpool→output plus input→output: the 4×4 matrix's 16 entries first, zeros to 49.
        var values = Encode("0101001000010000", "input,conv3x3-bn-relu,maxpool3x3,output");
        float[] expected = new float[AlphaXEncoding.Length];
        float[] matrix = [0, 1, 0, 1, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0];
        matrix.CopyTo(expected, 0);
        float[] codes = [2, 5, 4, 9, 9, 9, 9];
        codes.CopyTo(expected, 49);
        Assert.Equal(expected, values);
    }
}
