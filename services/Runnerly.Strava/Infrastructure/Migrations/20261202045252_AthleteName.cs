using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Runnerly.Strava.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class AthleteName : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AthleteName",
                table: "strava_links",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "AthleteName",
                table: "strava_links");
        }
    }
}
