using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NasBench.Web.Data.Migrations.Postgres
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
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "HeartbeatAt",
                table: "Workers",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddColumn<string>(
                name: "Running",
                table: "Workers",
                type: "text",
                nullable: false,
                defaultValue: "",
                collation: "C");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "StoppedAt",
                table: "Workers",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Workers_HeartbeatAt",
                table: "Workers",
                column: "HeartbeatAt");
        }
    }
}
