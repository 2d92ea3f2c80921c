using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Runnerly.Strava.Infrastructure;

namespace Runnerly.Strava.Tests;

/// <summary>
/// The keys that encrypt runners' Strava tokens sit in stravadb beside the tokens: given the deployer's
/// certificate, they are stored encrypted, so a copy of the database alone reveals no token.
/// </summary>
public sealed class KeyRingTests : IAsyncLifetime
{
    private readonly StravaSimulator _strava = new();
    private readonly string _first = NewCertificate("runnerly-keys-2026");
    private readonly string _second = NewCertificate("runnerly-keys-2027");
    private readonly StravaServiceFactory _service;

    public KeyRingTests() => _service = new StravaServiceFactory(_strava, settings: new Dictionary<string, string?> { [KeyRings.CertificateSetting] = _first });

    public Task InitializeAsync() => _service.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _service.DisposeAsync();
        await _strava.DisposeAsync();
    }

    [Fact]
    public async Task With_the_deployers_certificate_the_key_ring_is_encrypted_at_rest_and_survives_a_certificate_rotation()
    {
        await _service.CreateReadyClientAsync();
        await _service.LinkAsync("runner-a", 1001);

        var keys = await KeyRingXmlAsync();
        Assert.NotEmpty(keys);
        Assert.All(keys, xml =>
        {
            Assert.Contains("<EncryptedData", xml);
            Assert.DoesNotContain("<masterKey", xml); // the key's secret itself is never stored in clear
        });
        var stored = await StoredAccessTokenAsync("runner-a");

        // The next release rotates the certificate: the new one encrypts, the old one still reads the keys written under it.
        await using var rotated = new StravaServiceFactory(_strava, databaseOfEarlierInstance: _service.Database, settings: new Dictionary<string, string?>
        {
            [KeyRings.CertificateSetting] = _second,
            [$"{KeyRings.PreviousCertificatesSection}:0"] = _first,
        });
        await rotated.CreateReadyClientAsync();
        Assert.Matches("^[0-9a-f]{40}$", rotated.Services.GetRequiredService<TokenProtector>().Unprotect(stored));

        // Without the certificate that wrote them, the keys cannot be read: the tokens stay sealed.
        await using var withoutCertificate = new StravaServiceFactory(_strava, databaseOfEarlierInstance: _service.Database, settings: new Dictionary<string, string?>
        {
            [KeyRings.CertificateSetting] = _second,
        });
        await withoutCertificate.CreateReadyClientAsync();
        Assert.ThrowsAny<CryptographicException>(() => withoutCertificate.Services.GetRequiredService<TokenProtector>().Unprotect(stored));
    }

    private async Task<List<string>> KeyRingXmlAsync()
    {
        await using var db = new NpgsqlConnection(_service.DatabaseConnectionString);
        await db.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT \"Xml\" FROM \"DataProtectionKeys\"", db);
        await using var rows = await query.ExecuteReaderAsync();
        var keys = new List<string>();
        while (await rows.ReadAsync())
        {
            keys.Add(rows.GetString(0));
        }

        return keys;
    }

    private async Task<string> StoredAccessTokenAsync(string runnerId)
    {
        await using var db = new NpgsqlConnection(_service.DatabaseConnectionString);
        await db.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT \"AccessToken\" FROM strava_links WHERE \"RunnerId\" = @runner", db);
        query.Parameters.AddWithValue("runner", runnerId);
        return (string)(await query.ExecuteScalarAsync())!;
    }

    private static string NewCertificate(string name)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        return Convert.ToBase64String(certificate.Export(X509ContentType.Pkcs12));
    }
}
