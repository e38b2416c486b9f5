namespace NasBench.Cli.Commands;

public static partial class DataCommands
{
    /// <summary>
    /// Progress of long work on stderr: a line redrawn in place when stderr is a terminal, otherwise a line every 25 %
    /// (so logs and tests stay readable).
    /// </summary>
    internal sealed class ProgressLine(TextWriter error, string label) : IProgress<double>
    {
        private readonly bool _terminal = ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected;
        private int _last = -1;

        public void Report(double value)
        {
            int percent = (int)Math.Clamp(value * 100, 0, 100);
            int step = _terminal ? 1 : 25;
            if (percent / step == _last / step && _last >= 0)
            {
                return;
            }

            _last = percent;
            if (_terminal)
            {
                error.Write($"\r{label} [{new string('#', percent / 4),-25}] {percent,3}%");
                if (percent == 100)
                {
                    error.WriteLine();
                }
            }
            else
            {
                error.WriteLine($"{label}: {percent}%");
            }
        }
    }
}
