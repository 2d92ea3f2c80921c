using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Runnerly.Identity.Infrastructure;

/// <summary>
/// Registers the API scopes and the OAuth clients named in configuration (<c>Identity:Scopes</c>,
/// <c>Identity:Clients</c>) once the schema exists, updating them when configuration changes.
/// Secrets and redirect URIs come from Aspire parameters or user secrets, never from the repository;
/// a confidential client without a secret is not registered.
/// </summary>
internal sealed class ClientRegistrar(
    IServiceScopeFactory scopes,
    IConfiguration configuration,
    MigrationStatus<AccountsDbContext> migrations,
    ILogger<ClientRegistrar> logger) : BackgroundService
{
    private const long RegistrationLock = 0x52_756E_6E65_7201; // any number no other advisory lock in identitydb uses

    public static Dictionary<string, string[]> ApiScopes(IConfiguration configuration) =>
        configuration.GetSection("Identity:Scopes").GetChildren()
            .ToDictionary(s => s.Key, s => s.Get<string[]>() ?? []);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await migrations.Applied.WaitAsync(stoppingToken);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AccountsDbContext>();
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            // Replicas start together: one registers at a time (the others wait, then find it all there), or two would both
            // find a client missing and the second insert would fail. OpenIddict's stores write through this scope's context.
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(stoppingToken);
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({RegistrationLock})", stoppingToken);
            await RegisterAsync(scope.ServiceProvider, stoppingToken);
            await transaction.CommitAsync(stoppingToken);
        });
        logger.LogInformation("OAuth scopes and clients registered");
    }

    private async Task RegisterAsync(IServiceProvider services, CancellationToken stoppingToken)
    {
        var scopeManager = services.GetRequiredService<IOpenIddictScopeManager>();
        var applications = services.GetRequiredService<IOpenIddictApplicationManager>();

        foreach (var (name, resources) in ApiScopes(configuration))
        {
            var descriptor = new OpenIddictScopeDescriptor { Name = name };
            descriptor.Resources.UnionWith(resources);
            var existing = await scopeManager.FindByNameAsync(name, stoppingToken);
            await (existing is null
                ? scopeManager.CreateAsync(descriptor, stoppingToken).AsTask()
                : scopeManager.UpdateAsync(existing, descriptor, stoppingToken).AsTask());
        }

        foreach (var client in configuration.GetSection("Identity:Clients").GetChildren())
        {
            var descriptor = Describe(client);
            if (descriptor is null)
            {
                logger.LogWarning("Client {ClientId} is confidential but has no secret configured; it is not registered", client.Key);
                continue;
            }

            var existing = await applications.FindByClientIdAsync(client.Key, stoppingToken);
            await (existing is null
                ? applications.CreateAsync(descriptor, stoppingToken).AsTask()
                : applications.UpdateAsync(existing, descriptor, stoppingToken).AsTask());
        }
    }

    private static OpenIddictApplicationDescriptor? Describe(IConfigurationSection client)
    {
        var confidential = !string.Equals(client["Type"], ClientTypes.Public, StringComparison.OrdinalIgnoreCase);
        var secret = client["Secret"];
        if (confidential && string.IsNullOrWhiteSpace(secret))
        {
            return null;
        }

        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = client.Key,
            ClientSecret = confidential ? secret : null,
            ClientType = confidential ? ClientTypes.Confidential : ClientTypes.Public,
            ConsentType = ConsentTypes.Implicit, // first-party apps: no consent screen
            DisplayName = client["DisplayName"] ?? client.Key,
        };

        var grants = client.GetSection("Grants").Get<string[]>() ?? [];
        foreach (var grant in grants)
        {
            descriptor.Permissions.Add(Permissions.Prefixes.GrantType + grant);
        }

        descriptor.Permissions.Add(Permissions.Endpoints.Token);
        if (grants.Contains(GrantTypes.AuthorizationCode))
        {
            descriptor.Permissions.Add(Permissions.Endpoints.Authorization);
            descriptor.Permissions.Add(Permissions.Endpoints.EndSession);
            descriptor.Permissions.Add(Permissions.ResponseTypes.Code);
            descriptor.Requirements.Add(Requirements.Features.ProofKeyForCodeExchange);
        }

        foreach (var scope in client.GetSection("Scopes").Get<string[]>() ?? [])
        {
            descriptor.Permissions.Add(Permissions.Prefixes.Scope + scope);
        }

        foreach (var uri in client.GetSection("RedirectUris").Get<string[]>() ?? [])
        {
            descriptor.RedirectUris.Add(new Uri(uri));
        }

        foreach (var uri in client.GetSection("PostLogoutRedirectUris").Get<string[]>() ?? [])
        {
            descriptor.PostLogoutRedirectUris.Add(new Uri(uri));
        }

        return descriptor;
    }
}
