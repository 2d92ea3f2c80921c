using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Npgsql;
using OpenIddict.Server;

namespace Runnerly.Identity.Infrastructure;

/// <summary>
/// Gives the token server its keys: an RSA signing key (RS256) and an AES encryption key for
/// the codes and refresh tokens it issues. Production supplies them as configuration (Aspire
/// parameters); otherwise they are generated once and kept in the database, so every replica
/// and every restart uses the same keys. See docs/identity-keys.md for rollover.
/// </summary>
internal sealed class ServerKeys(
    IServiceScopeFactory scopes,
    IConfiguration configuration,
    MigrationStatus<AccountsDbContext> migrations) : IConfigureOptions<OpenIddictServerOptions>
{
    public const string SigningKeySetting = "Identity:SigningKey";
    public const string PreviousSigningKeySetting = "Identity:PreviousSigningKey";
    public const string EncryptionKeySetting = "Identity:EncryptionKey";

    public void Configure(OpenIddictServerOptions options)
    {
        // Options are built on the first token request, after start-up: waiting here is brief.
        var (signing, encryption) = LoadAsync().GetAwaiter().GetResult();

        options.SigningCredentials.Add(new SigningCredentials(RsaKey(signing), SecurityAlgorithms.RsaSha256));
        var previous = configuration[PreviousSigningKeySetting];
        if (!string.IsNullOrWhiteSpace(previous))
        {
            // Still published in the JWKS, so tokens signed before a rollover stay valid until they expire.
            options.SigningCredentials.Add(new SigningCredentials(RsaKey(previous), SecurityAlgorithms.RsaSha256));
        }

        options.EncryptionCredentials.Add(new EncryptingCredentials(
            new SymmetricSecurityKey(Convert.FromBase64String(encryption)),
            SecurityAlgorithms.Aes256KW,
            SecurityAlgorithms.Aes256CbcHmacSha512));
    }

    private async Task<(string Signing, string Encryption)> LoadAsync()
    {
        var signing = configuration[SigningKeySetting];
        var encryption = configuration[EncryptionKeySetting];
        if (!string.IsNullOrWhiteSpace(signing) && !string.IsNullOrWhiteSpace(encryption))
        {
            return (signing, encryption);
        }

        await migrations.Applied.WaitAsync(TimeSpan.FromMinutes(2));
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AccountsDbContext>();
        signing = string.IsNullOrWhiteSpace(signing) ? await GetOrCreateAsync(db, "signing", NewRsaKey) : signing;
        encryption = string.IsNullOrWhiteSpace(encryption) ? await GetOrCreateAsync(db, "encryption", NewAesKey) : encryption;
        return (signing, encryption);
    }

    private static async Task<string> GetOrCreateAsync(AccountsDbContext db, string name, Func<string> create)
    {
        var existing = await db.ServerKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Name == name);
        if (existing is not null)
        {
            return existing.Material;
        }

        db.ServerKeys.Add(new ServerKey { Name = name, Material = create(), CreatedAt = DateTimeOffset.UtcNow });
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Another replica created it first: use theirs.
            db.ChangeTracker.Clear();
        }

        return (await db.ServerKeys.AsNoTracking().SingleAsync(k => k.Name == name)).Material;
    }

    private static string NewRsaKey()
    {
        using var rsa = RSA.Create(2048);
        return rsa.ExportRSAPrivateKeyPem();
    }

    private static string NewAesKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static RsaSecurityKey RsaKey(string pem)
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        // A stable key id derived from the public key, so a replica's JWKS matches every other's.
        var kid = Base64UrlEncoder.Encode(SHA256.HashData(rsa.ExportRSAPublicKey()))[..16];
        return new RsaSecurityKey(rsa) { KeyId = kid };
    }
}
