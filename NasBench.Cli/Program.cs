using System.Runtime.InteropServices;
using NasBench.Cli;

// Ctrl+C / SIGTERM cancel the running command through its token (the runners stop within a step and keep their partial
// results, marked partial); a second signal ends the process at once.
using var interrupt = new CancellationTokenSource();
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);
return await NasBenchCli.RunAsync(args, Console.Out, Console.Error, interrupt.Token);

void Cancel(PosixSignalContext context)
{
    if (!interrupt.IsCancellationRequested)
    {
        context.Cancel = true;
        interrupt.Cancel();
    }
}
