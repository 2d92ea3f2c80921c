namespace Runnerly.Reports.Delivery;

/// <summary>Wakes idle workers when reports were queued in this process, so they need not wait for their next look.</summary>
internal sealed class ReportSignal
{
    private TaskCompletionSource _pulse = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the next pulse. Take it before looking for work, so a pulse during the look is not missed.</summary>
    public Task Next => Volatile.Read(ref _pulse).Task;

    public void Pulse() => Interlocked.Exchange(ref _pulse, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Returns when <paramref name="pulsed"/> completes or after <paramref name="wait"/> on <paramref name="time"/>'s clock.</summary>
    public static async Task WaitAsync(Task pulsed, TimeSpan wait, TimeProvider time, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(wait, time, timeout.Token);
        await Task.WhenAny(pulsed, delay);
        await timeout.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
    }
}
