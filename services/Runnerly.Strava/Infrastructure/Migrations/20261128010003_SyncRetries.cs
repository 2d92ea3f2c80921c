using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Runnerly.Strava.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class SyncRetries : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_webhook_events_ObjectType_ObjectId_AspectType_OwnerId_Event~",
                table: "webhook_events");

            migrationBuilder.AddColumn<int>(
                name: "Repeats",
                table: "webhook_events",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "RetryAt",
                table: "strava_links",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_webhook_events_ObjectType_ObjectId_OwnerId",
                table: "webhook_events",
                columns: new[] { "ObjectType", "ObjectId", "OwnerId" },
                unique: true,
                filter: "\"ProcessedAt\" IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_webhook_events_ObjectType_ObjectId_OwnerId",
                table: "webhook_events");

            migrationBuilder.DropColumn(
                name: "Repeats",
                table: "webhook_events");

            migrationBuilder.DropColumn(
                name: "RetryAt",
                table: "strava_links");

            migrationBuilder.CreateIndex(
                name: "IX_webhook_events_ObjectType_ObjectId_AspectType_OwnerId_Event~",
                table: "webhook_events",
                columns: new[] { "ObjectType", "ObjectId", "AspectType", "OwnerId", "EventTime" },
                unique: true);
        }
    }
}
