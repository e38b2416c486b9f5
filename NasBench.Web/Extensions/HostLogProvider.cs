using Hangfire.AspNetCore;
using Hangfire.Logging;

namespace NasBench.Web.Extensions;

/// <summary>
/// Hangfire's log provider, bound to this host's logger factory. Hangfire keeps its log provider in process-wide
/// static state, and some of its types ask it for a logger on every call (Hangfire.PostgreSql's fetched job, per
/// fetch). When a second host in the same process starts, it takes that state over; once it is disposed, the provider
/// points at a disposed factory, and the first host's next fetch throws ObjectDisposedException out of Hangfire (seen
/// in the test suite, which runs lab servers one after another in one process). This provider gives a silent logger
/// instead: a disposed host has no one to log to. With one host per process, as deployed, it is Hangfire's own
/// AspNetCoreLogProvider.
/// </summary>
public sealed class HostLogProvider(ILoggerFactory factory) : ILogProvider
{
    private readonly AspNetCoreLogProvider _inner = new(factory);

    public ILog GetLogger(string name)
    {
        try
        {
            return _inner.GetLogger(name);
        }
        catch (ObjectDisposedException)
        {
            return Silent.Instance;
        }
    }

    private sealed class Silent : ILog
    {
        public static readonly Silent Instance = new();

        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
    }
}
