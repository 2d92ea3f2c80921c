using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using Runnerly.Data.Apis;
using Runnerly.Data.Infrastructure;
using Runnerly.Testing;
using StackExchange.Redis;

namespace Runnerly.Data.Tests;

public sealed class ChangeNoticeTests
{
    [Fact]
    public async Task A_write_never_waits_for_a_Redis_that_stopped_answering_and_its_notice_follows_when_Redis_answers_again()
    {
        using var redis = new OwnRedisServer();
        using var proxy = new FreezableProxy(redis.ConnectionString);
        // Redis's own timeouts far beyond the test: a write that waited for its notice would not return while the test runs.
        var factory = new DataServiceFactory { Redis = $"{proxy.Endpoint},asyncTimeout=600000,syncTimeout=600000" };
        await factory.InitializeAsync();
        try
        {
            var runnerId = $"frozen-{Guid.NewGuid():N}";
            using var client = factory.WithToken(await factory.CreateReadyClientAsync(), factory.Tokens.Runner(runnerId, "data"));
            await using var listener = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
            var notices = Channel.CreateUnbounded<string>();
            await listener.GetSubscriber().SubscribeAsync(RunChangeNotifier.ChannelFor(runnerId), (_, message) => notices.Writer.TryWrite(message!));

            proxy.Freeze();
            using var created = await client.PostAsJsonAsync("/api/runs",
                new RunInput("Lunch Run", "Run", DateTimeOffset.UtcNow.AddHours(-2), "Europe/Paris", 5_000, 1_500, 1_550)).WaitAsync(TimeSpan.FromSeconds(120));

            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            Assert.Single((await client.GetFromJsonAsync<RunPage>("/api/runs"))!.Items);
            Assert.False(notices.Reader.TryRead(out _));

            proxy.Thaw();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            var notice = JsonDocument.Parse(await notices.Reader.ReadAsync(timeout.Token)).RootElement;
            Assert.Equal("created", notice.GetProperty("change").GetString());
        }
        finally
        {
            proxy.Thaw();
            await factory.DisposeAsync();
        }
    }
}
