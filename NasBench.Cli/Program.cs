using NasBench.Cli;

return await NasBenchCli.RunAsync(args, Console.Out, Console.Error);
