using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Runnerly.Training.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class RaceParticipationVersion : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<uint>(
                name: "xmin",
                table: "race_participations",
                type: "xid",
                rowVersion: true,
                nullable: false,
                defaultValue: 0u);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "xmin",
                table: "race_participations");
        }
    }
}
