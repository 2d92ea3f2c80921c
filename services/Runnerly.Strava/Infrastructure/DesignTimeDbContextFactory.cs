using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Runnerly.Strava.Infrastructure;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without a running database.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<StravaDbContext>
{
    public StravaDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<StravaDbContext>().UseNpgsql("Host=localhost;Database=stravadb").Options);
}
