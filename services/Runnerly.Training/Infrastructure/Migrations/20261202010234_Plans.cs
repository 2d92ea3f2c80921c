using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Runnerly.Training.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class Plans : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Revision",
                table: "races",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "plans",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    RunnerId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    RaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ArchivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    TimeZone = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    RunDays = table.Column<int>(type: "integer", nullable: false),
                    LongRunDay = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    GoalSeconds = table.Column<int>(type: "integer", nullable: true),
                    CalendarSecret = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_plans", x => x.Id);
                    table.ForeignKey(
                        name: "FK_plans_races_RaceId",
                        column: x => x.RaceId,
                        principalTable: "races",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "plan_versions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PlanId = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    FromDate = table.Column<DateOnly>(type: "date", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Reason = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Vdot = table.Column<double>(type: "double precision", nullable: false),
                    StartWeeklyKm = table.Column<double>(type: "double precision", nullable: false),
                    PeakWeeklyKm = table.Column<double>(type: "double precision", nullable: false),
                    Warnings = table.Column<string>(type: "jsonb", nullable: false),
                    Weeks = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_plan_versions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_plan_versions_plans_PlanId",
                        column: x => x.PlanId,
                        principalTable: "plans",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "plan_sessions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    VersionId = table.Column<Guid>(type: "uuid", nullable: false),
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    DistanceMeters = table.Column<double>(type: "double precision", nullable: false),
                    DurationSeconds = table.Column<int>(type: "integer", nullable: false),
                    PaceFastSecondsPerKm = table.Column<double>(type: "double precision", nullable: false),
                    PaceSlowSecondsPerKm = table.Column<double>(type: "double precision", nullable: false),
                    Description = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Reps = table.Column<int>(type: "integer", nullable: false),
                    RepMeters = table.Column<double>(type: "double precision", nullable: false),
                    RecoverySeconds = table.Column<int>(type: "integer", nullable: false),
                    WarmupMeters = table.Column<double>(type: "double precision", nullable: false),
                    CooldownMeters = table.Column<double>(type: "double precision", nullable: false),
                    Sequence = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_plan_sessions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_plan_sessions_plan_versions_VersionId",
                        column: x => x.VersionId,
                        principalTable: "plan_versions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_plan_sessions_VersionId_Date",
                table: "plan_sessions",
                columns: new[] { "VersionId", "Date" });

            migrationBuilder.CreateIndex(
                name: "IX_plan_versions_PlanId_Number",
                table: "plan_versions",
                columns: new[] { "PlanId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_plans_CalendarSecret",
                table: "plans",
                column: "CalendarSecret",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_plans_RaceId",
                table: "plans",
                column: "RaceId");

            migrationBuilder.CreateIndex(
                name: "IX_plans_RunnerId_RaceId",
                table: "plans",
                columns: new[] { "RunnerId", "RaceId" },
                unique: true,
                filter: "\"Status\" = 'Active'");

            migrationBuilder.CreateIndex(
                name: "IX_plans_RunnerId_Status",
                table: "plans",
                columns: new[] { "RunnerId", "Status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "plan_sessions");

            migrationBuilder.DropTable(
                name: "plan_versions");

            migrationBuilder.DropTable(
                name: "plans");

            migrationBuilder.DropColumn(
                name: "Revision",
                table: "races");
        }
    }
}
