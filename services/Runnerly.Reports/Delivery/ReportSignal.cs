namespace Runnerly.Reports.Delivery;

/// <summary>Wakes idle workers when reports were queued in this process, so they need not wait for their next look.</summary>
internal sealed class ReportSignal
{
    private TaskCompletionSource _pulse = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Pulse() => Interlocked.Exchange(ref _pulse, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Returns when pulsed or after <paramref name="wait"/> on <paramref name="time"/>'s clock.</summary>
    public async Task WaitAsync(TimeSpan wait, TimeProvider time, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(wait, time, timeout.Token);
        await Task.WhenAny(Volatile.Read(ref _pulse).Task, delay);
        await timeout.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
    }
}
