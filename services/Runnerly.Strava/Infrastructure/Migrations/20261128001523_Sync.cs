using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Runnerly.Strava.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class Sync : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "BackfillBefore",
                table: "strava_links",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "BackfillPages",
                table: "strava_links",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "DisconnectRequestedAt",
                table: "strava_links",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Failures",
                table: "strava_links",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "HeldUntil",
                table: "strava_links",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "NewestStart",
                table: "strava_links",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "NextSyncAt",
                table: "strava_links",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Problem",
                table: "strava_links",
                type: "text",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "webhook_events",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ObjectType = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ObjectId = table.Column<long>(type: "bigint", nullable: false),
                    AspectType = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    OwnerId = table.Column<long>(type: "bigint", nullable: false),
                    EventTime = table.Column<long>(type: "bigint", nullable: false),
                    Updates = table.Column<string>(type: "jsonb", nullable: false),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    NextAttemptAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    ProcessedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastError = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_webhook_events", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_webhook_events_NextAttemptAt",
                table: "webhook_events",
                column: "NextAttemptAt",
                filter: "\"ProcessedAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_webhook_events_ObjectType_ObjectId_AspectType_OwnerId_Event~",
                table: "webhook_events",
                columns: new[] { "ObjectType", "ObjectId", "AspectType", "OwnerId", "EventTime" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "webhook_events");

            migrationBuilder.DropColumn(
                name: "BackfillBefore",
                table: "strava_links");

            migrationBuilder.DropColumn(
                name: "BackfillPages",
                table: "strava_links");

            migrationBuilder.DropColumn(
                name: "DisconnectRequestedAt",
                table: "strava_links");

            migrationBuilder.DropColumn(
                name: "Failures",
                table: "strava_links");

            migrationBuilder.DropColumn(
                name: "HeldUntil",
                table: "strava_links");

            migrationBuilder.DropColumn(
                name: "NewestStart",
                table: "strava_links");

            migrationBuilder.DropColumn(
                name: "NextSyncAt",
                table: "strava_links");

            migrationBuilder.DropColumn(
                name: "Problem",
                table: "strava_links");
        }
    }
}
