using System.Text.Json;
using System.Threading.Channels;
using StackExchange.Redis;

namespace Runnerly.Strava.Tests;

/// <summary>The web keeps a settled link's status until Strava's notice on <c>runnerly:strava:{runnerId}</c>: one follows every change a page would show.</summary>
public sealed class ChangeNoticeTests
{
    [Fact]
    public async Task A_notice_follows_the_link_its_whole_import_and_the_disconnection()
    {
        await using var rig = await SyncRig.StartAsync();
        await using var redis = await ConnectionMultiplexer.ConnectAsync(rig.Strava.RedisConnectionString);
        var notices = Channel.CreateUnbounded<string>();
        await redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal("runnerly:strava:runner-a"), (_, message) => notices.Writer.TryWrite(message!));

        await rig.Service.LinkAsync("runner-a", 1001);
        var imported = await HeardUntilAsync(rig, notices, status => status.GetProperty("backfillComplete").GetBoolean());
        await rig.WaitForQuietAsync();
        (await rig.Service.RunnerClient("runner-a").DeleteAsync("/api/strava/link")).EnsureSuccessStatusCode();
        var disconnected = await HeardUntilAsync(rig, notices, status => !status.GetProperty("connected").GetBoolean());

        Assert.True(imported.GetProperty("imported").GetInt32() > 1_000); // the whole history, not the first page
        Assert.False(disconnected.GetProperty("disconnecting").GetBoolean());
    }

    /// <summary>
    /// Reads the status after each notice until it reads as <paramref name="settled"/>: a change without a notice after
    /// it would leave the web showing the status before it, and this waits in vain.
    /// </summary>
    private static async Task<JsonElement> HeardUntilAsync(SyncRig rig, Channel<string> notices, Func<JsonElement, bool> settled)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        while (true)
        {
            Assert.Equal("link", JsonDocument.Parse(await notices.Reader.ReadAsync(timeout.Token)).RootElement.GetProperty("change").GetString());
            var status = await rig.Service.StatusAsync("runner-a");
            if (settled(status))
            {
                return status;
            }
        }
    }
}
