namespace Runnerly.AppHost.Tests;

/// <summary>Waiting for something the app does in its own time, each wait with its own budget and a failure that says what never happened.</summary>
internal static class Waits
{
    public static async Task<T> UntilAsync<T>(string what, TimeSpan budget, Func<CancellationToken, Task<T>> read, Func<T, bool> done, TimeSpan? interval = null)
    {
        using var timeout = new CancellationTokenSource(budget);
        try
        {
            return await UntilAsync(read, done, interval, timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"Waited {budget} for {what}.");
        }
    }

    /// <summary>Polls within a budget the caller holds (a test's own), until <paramref name="done"/>.</summary>
    public static async Task<T> UntilAsync<T>(Func<CancellationToken, Task<T>> read, Func<T, bool> done, TimeSpan? interval, CancellationToken cancellationToken)
    {
        while (true)
        {
            var value = await read(cancellationToken);
            if (done(value))
            {
                return value;
            }

            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(250), cancellationToken);
        }
    }
}
