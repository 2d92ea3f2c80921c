using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Replicas starting together on an empty key ring would each create a key at once and keep using their own
/// (Data Protection reads the others' only within two minutes of its start): a cookie made by one replica is then
/// unreadable by another. Before the service serves, one replica at a time, under <paramref name="takeLock"/>,
/// makes the first key when there is none active; the others find it.
/// </summary>
public static class FirstKeyOnce
{
    public static IDataProtectionBuilder CreateFirstKeyOnce(this IDataProtectionBuilder keyRing,
        Func<IServiceProvider, CancellationToken, Task<IAsyncDisposable>> takeLock)
    {
        // Data Protection's own hosted service loads the key ring at start, making a key if there is none, unlocked:
        // this one goes just before it (after the migrations, which it waits for), so that it finds the key made here.
        var creator = ServiceDescriptor.Singleton<IHostedService>(services => new FirstKeyCreator(services, takeLock));
        var loader = keyRing.Services.ToList().FindIndex(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType?.Name == "DataProtectionHostedService");
        if (loader < 0)
        {
            // Appended after it, the key would come too late and replicas could again each make their own: refuse to start.
            throw new InvalidOperationException(
                "Data Protection's DataProtectionHostedService is not registered under that name: find where this framework version " +
                "loads the key ring at start, so that the first key is made before it.");
        }

        keyRing.Services.Insert(loader, creator);
        return keyRing;
    }

    private sealed class FirstKeyCreator(IServiceProvider services, Func<IServiceProvider, CancellationToken, Task<IAsyncDisposable>> takeLock)
        : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            var keys = services.GetRequiredService<IKeyManager>();
            using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            patience.CancelAfter(TimeSpan.FromSeconds(60));
            try
            {
                await using var held = await takeLock(services, patience.Token);
                if (!HasActiveKey(keys))
                {
                    var now = DateTimeOffset.UtcNow;
                    keys.CreateNewKey(activationDate: now, expirationDate: now.AddDays(90));
                }
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                // The store is not answering yet: Data Protection makes a key itself on first use, as it would without this.
                services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(FirstKeyOnce))
                    .LogWarning(ex, "The first Data Protection key could not be made under the replicas' lock");
            }
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        private static bool HasActiveKey(IKeyManager keys)
        {
            var now = DateTimeOffset.UtcNow;
            return keys.GetAllKeys().Any(k => !k.IsRevoked && k.ActivationDate <= now && k.ExpirationDate > now);
        }
    }
}
