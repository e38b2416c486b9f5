using Hangfire.AspNetCore;
using Microsoft.Extensions.Logging;
using NasBench.Web.Extensions;

namespace NasBench.Web.Tests.Jobs;

/// <summary>Hangfire's log provider is process-wide: a host that is gone must not make the next host's Hangfire throw.</summary>
public sealed class HostLogProviderTests
{
    private sealed class Recording : ILoggerProvider
    {
        public List<string> Lines { get; } = [];

        public ILogger CreateLogger(string categoryName) => new Line(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Line(Recording owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lock (owner.Lines)
                {
                    owner.Lines.Add($"{category}: {formatter(state, exception)}");
                }
            }
        }
    }

    [Fact]
    public void WhileTheHostLives_ItsLoggersGetHangfiresLines()
    {
        var recording = new Recording();
        using var factory = LoggerFactory.Create(b => b.AddProvider(recording));
        var log = new HostLogProvider(factory).GetLogger("Hangfire.Test");
        Assert.True(log.Log(Hangfire.Logging.LogLevel.Info, () => "fetched job 7"));
        Assert.Equal(["Hangfire.Test: fetched job 7"], recording.Lines);
    }

    [Fact]
    public void AfterTheHostIsDisposed_ALoggerIsSilent_WhereHangfiresOwnProviderThrows()
    {
        var factory = LoggerFactory.Create(b => b.AddProvider(new Recording()));
        factory.Dispose();
        // What broke a lab server's fetch when another host in the process had been disposed before it.
        Assert.Throws<ObjectDisposedException>(() => new AspNetCoreLogProvider(factory).GetLogger("Hangfire.Test"));
        var log = new HostLogProvider(factory).GetLogger("Hangfire.Test");
        Assert.False(log.Log(Hangfire.Logging.LogLevel.Error, () => "not written", new InvalidOperationException()));
    }
}
