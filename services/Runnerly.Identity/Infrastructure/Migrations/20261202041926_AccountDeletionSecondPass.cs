using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Runnerly.Identity.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class AccountDeletionSecondPass : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "FirstPassAt",
                table: "account_deletions",
                type: "timestamp with time zone",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "FirstPassAt",
                table: "account_deletions");
        }
    }
}
