using Microsoft.AspNetCore.DataProtection;

namespace Runnerly.Strava.Infrastructure;

/// <summary>Encrypts Strava tokens at rest with the Data Protection keys every replica shares.</summary>
internal sealed class TokenProtector(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("Runnerly.Strava.Tokens.v1");

    public string Protect(string token) => _protector.Protect(token);

    public string Unprotect(string protectedToken) => _protector.Unprotect(protectedToken);
}
