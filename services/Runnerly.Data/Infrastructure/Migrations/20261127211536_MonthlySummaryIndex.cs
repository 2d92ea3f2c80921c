using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Runnerly.Data.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class MonthlySummaryIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_runs_StartTimeLocal_RunnerId",
                table: "runs",
                columns: new[] { "StartTimeLocal", "RunnerId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_runs_StartTimeLocal_RunnerId",
                table: "runs");
        }
    }
}
