using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NasBench.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class WorkerLivenessFromHangfire : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Workers_HeartbeatAt",
                table: "Workers");

            migrationBuilder.DropColumn(
                name: "HeartbeatAt",
                table: "Workers");

            migrationBuilder.DropColumn(
                name: "Running",
                table: "Workers");

            migrationBuilder.DropColumn(
                name: "StoppedAt",
                table: "Workers");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "HeartbeatAt",
                table: "Workers",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "Running",
                table: "Workers",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<long>(
                name: "StoppedAt",
                table: "Workers",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Workers_HeartbeatAt",
                table: "Workers",
                column: "HeartbeatAt");
        }
    }
}
