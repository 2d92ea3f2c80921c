using StackExchange.Redis;

/// <summary>
/// How many commands Garnet has processed (a limiter script call counts one), read before and after a run to give the
/// Redis calls per request. Garnet samples the count once a second, so a reading waits for the next sample.
/// </summary>
internal sealed class RedisCommands(string connectionString) : IDisposable
{
    private readonly ConnectionMultiplexer _connection = ConnectionMultiplexer.Connect($"{connectionString},allowAdmin=true");

    public long Total()
    {
        Thread.Sleep(TimeSpan.FromSeconds(1.5));
        var server = _connection.GetServer(_connection.GetEndPoints()[0]);
        return long.Parse(server.Info("stats").SelectMany(group => group).First(entry => entry.Key == "total_commands_processed").Value);
    }

    public void Dispose() => _connection.Dispose();
}
