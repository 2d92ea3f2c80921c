using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Runnerly.Strava.Infrastructure.Migrations
{
    /// <summary>
    /// Backfills used to end on the first page shorter than 200, which Strava does not promise is
    /// the last: every completed backfill resumes from its checkpoint and now ends on an empty page.
    /// No schema change, so applying it again is harmless.
    /// </summary>
    [DbContext(typeof(StravaDbContext))]
    [Migration("20261202010000_ResumeShortPageBackfills")]
    public partial class ResumeShortPageBackfills : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql("""
            UPDATE strava_links SET "BackfillComplete" = false
            WHERE "BackfillComplete" AND "BackfillBefore" IS NOT NULL AND "DisconnectRequestedAt" IS NULL;
            """);

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
        }
    }
}
