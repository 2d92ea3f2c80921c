using Microsoft.EntityFrameworkCore.Migrations;
using Runnerly.Reports.Scheduling;

#nullable disable

namespace Runnerly.Reports.Infrastructure.Migrations
{
    /// <summary>
    /// Quartz's job store tables, in the <c>quartz</c> schema: Quartz's own published PostgreSQL
    /// DDL, as shipped inside the Quartz package this service runs (4.7.3), with the table prefix
    /// filled in. Quartz itself does not create them; it checks them when the scheduler starts.
    /// A later Quartz that needs more columns needs a migration of its own.
    /// </summary>
    public partial class QuartzJobStore : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(QuartzSchema.Name);
            foreach (var statement in QuartzSchema.PostgresStatements(Scheduler.TablePrefix))
            {
                migrationBuilder.Sql(statement);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql($"DROP SCHEMA IF EXISTS {QuartzSchema.Name} CASCADE;");
        }
    }
}
