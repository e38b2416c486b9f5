namespace NasBench.Core.Tests.Experiments;

public sealed class CsvWriterTests
{
    [Theory]
    [InlineData("plain")]
    [InlineData("with,comma")]
    [InlineData("a \"quoted\" word")]
    [InlineData("\"")]
    [InlineData("")]
    public void Field_RoundTripsThroughTheReader(string field)
    {
        using var text = new StringWriter();
        new CsvWriter(text).WriteRow("x", field, "y");
        Assert.Equal(["x", field, "y"], CsvLine.Split(text.ToString().TrimEnd('\n')));
    }

    [Fact]
    public void Quotes_AreDoubledInsideQuotedFields_AsRfc4180Says()
    {
        Assert.Equal("\"say \"\"hi\"\"\"", CsvWriter.Escape("say \"hi\""));
        Assert.Equal("\"1,2\"", CsvWriter.Escape("1,2"));
        Assert.Equal("12", CsvWriter.Escape("12"));
    }
}
