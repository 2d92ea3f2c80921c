using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Runnerly.Testing;
using StackExchange.Redis;

namespace Runnerly.Web.Tests;

/// <summary>Web replicas starting together on an empty key ring in Redis: one key, so each reads the other's cookies.</summary>
public sealed class KeyRingReplicasTests
{
    [Fact]
    public async Task Replicas_starting_together_share_one_first_key_and_read_each_other_s_payloads()
    {
        var ring = $"runnerly:test:keys:{Guid.NewGuid():N}";
        await using var redis = await ConnectionMultiplexer.ConnectAsync(TestRedisServer.ConnectionString);
        var replicas = Enumerable.Range(0, 4).Select(_ => Replica(redis, ring)).ToList();
        try
        {
            await Task.WhenAll(replicas.Select(r => Task.Run(() => r.StartAsync())));

            Assert.Single(replicas[0].Services.GetRequiredService<IKeyManager>().GetAllKeys());
            var cookie = replicas[0].Services.GetDataProtector("cookie").Protect("signed in");
            Assert.All(replicas, r => Assert.Equal("signed in", r.Services.GetDataProtector("cookie").Unprotect(cookie)));
        }
        finally
        {
            foreach (var replica in replicas)
            {
                await replica.StopAsync();
                replica.Dispose();
            }

            await redis.GetDatabase().KeyDeleteAsync(ring);
        }
    }

    private static IHost Replica(IConnectionMultiplexer redis, string ring)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton(redis);
        builder.AddKeyRing("Runnerly.Web.Test").CreateFirstKeyOnce(KeyRingLock.TakeAsync);
        builder.Services.AddOptions<KeyManagementOptions>().Configure(options =>
            options.XmlRepository = new RedisXmlRepository(() => redis.GetDatabase(), ring));
        return builder.Build();
    }
}
