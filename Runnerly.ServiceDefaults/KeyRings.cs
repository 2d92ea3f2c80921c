using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// A service's Data Protection key ring, its keys encrypted at rest with the deployer's certificate:
/// <c>DataProtection:Certificate</c> (a PKCS#12 file, base64) encrypts new keys;
/// <c>DataProtection:PreviousCertificates:0…</c> still decrypt keys written before a rotation.
/// Without a certificate (a developer's machine) keys are stored as they are.
/// </summary>
public static class KeyRings
{
    public const string CertificateSetting = "DataProtection:Certificate";
    public const string PreviousCertificatesSection = "DataProtection:PreviousCertificates";

    public static IDataProtectionBuilder AddKeyRing(this IHostApplicationBuilder builder, string applicationName)
    {
        var keyRing = builder.Services.AddDataProtection().SetApplicationName(applicationName);
        var current = builder.Configuration[CertificateSetting];
        if (string.IsNullOrWhiteSpace(current))
        {
            return keyRing;
        }

        var certificate = Load(current, CertificateSetting);
        var previous = builder.Configuration.GetSection(PreviousCertificatesSection).GetChildren()
            .Where(c => !string.IsNullOrWhiteSpace(c.Value))
            .Select(c => Load(c.Value!, c.Path));
        // Decryption is given the certificates themselves: on Linux there is no certificate store it could look them up in.
        return keyRing.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate([certificate, .. previous]);
    }

    private static X509Certificate2 Load(string base64, string setting)
    {
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12(Convert.FromBase64String(base64.Trim()), password: null);
        }
        catch (Exception ex) when (ex is FormatException or System.Security.Cryptography.CryptographicException)
        {
            throw new InvalidOperationException($"{setting} must be a PKCS#12 (.pfx) file without a password, base64-encoded: {ex.Message}", ex);
        }

        if (!certificate.HasPrivateKey)
        {
            throw new InvalidOperationException($"{setting} holds no private key: the key ring could be encrypted but never read back.");
        }

        return certificate;
    }
}
