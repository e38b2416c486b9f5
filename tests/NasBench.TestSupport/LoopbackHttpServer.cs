using System.Net;
using System.Net.Sockets;
using System.Text;

namespace NasBench.TestSupport;

/// <summary>
/// A tiny HTTP/1.1 server on 127.0.0.1 (a free port) serving one file, honouring "Range: bytes=N-" with 206, and
/// optionally dropping the connection midway through the first response, or stalling it there until
/// <see cref="Release"/> (a download that is still running when a test cancels it or kills its process): enough to test
/// downloads for real.
/// </summary>
public sealed class LoopbackHttpServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly byte[] _content;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public LoopbackHttpServer(byte[] content, int dropFirstResponseAfter = -1, int stallFirstResponseAfter = -1)
    {
        _content = content;
        DropAfter = dropFirstResponseAfter;
        StallAfter = stallFirstResponseAfter;
        _listener.Start();
        _loop = Task.Run(AcceptLoopAsync);
    }

    public Uri Url => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/nasbench_test.tfrecord");

    /// <summary>The Range header of each request ("" when none), in order.</summary>
    public List<string> Ranges { get; } = [];

    private int DropAfter { get; set; }

    private int StallAfter { get; set; }

    /// <summary>Lets a stalled response go on (its client may be gone by then; the next request is served after it).</summary>
    public void Release() => _released.TrySetResult();

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            using (client)
            {
                try
                {
                    await ServeAsync(client.GetStream());
                }
                catch (IOException)
                {
                    // The client went away; serve the next one.
                }
            }
        }
    }

    private async Task ServeAsync(NetworkStream stream)
    {
        using var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
        string range = "";
        for (string? line = await reader.ReadLineAsync(); !string.IsNullOrEmpty(line); line = await reader.ReadLineAsync())
        {
            if (line.StartsWith("Range:", StringComparison.OrdinalIgnoreCase))
            {
                range = line["Range:".Length..].Trim();
            }
        }

        lock (Ranges)
        {
            Ranges.Add(range);
        }

        long start = range.StartsWith("bytes=", StringComparison.Ordinal) ? long.Parse(range[6..].TrimEnd('-')) : 0;
        string status = start > 0 ? "206 Partial Content" : "200 OK";
        string contentRange = start > 0 ? $"Content-Range: bytes {start}-{_content.Length - 1}/{_content.Length}\r\n" : "";
        byte[] head = Encoding.ASCII.GetBytes($"HTTP/1.1 {status}\r\nContent-Length: {_content.Length - start}\r\n{contentRange}Connection: close\r\n\r\n");
        await stream.WriteAsync(head);
        int end = _content.Length;
        if (DropAfter >= 0)
        {
            end = (int)Math.Min(end, start + DropAfter);
            DropAfter = -1;
        }

        if (StallAfter >= 0)
        {
            int stall = (int)Math.Min(end, start + StallAfter);
            StallAfter = -1;
            await stream.WriteAsync(_content.AsMemory((int)start, stall - (int)start));
            await stream.FlushAsync();
            await _released.Task;
            start = stall;
        }

        await stream.WriteAsync(_content.AsMemory((int)start, end - (int)start));
        await stream.FlushAsync();
    }

    public void Dispose()
    {
        Release();
        _stop.Cancel();
        _listener.Stop();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }

        _stop.Dispose();
    }
}
