using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Runnerly.Training.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class RaceResultChosen : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "ResultChosen",
                table: "race_participations",
                type: "boolean",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ResultChosen",
                table: "race_participations");
        }
    }
}
