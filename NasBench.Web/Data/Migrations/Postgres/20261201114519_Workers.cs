using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NasBench.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Workers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Device",
                table: "Experiments",
                type: "character varying(128)",
                maxLength: 128,
                nullable: true,
                collation: "C");

            migrationBuilder.AddColumn<string>(
                name: "WorkerId",
                table: "Experiments",
                type: "character varying(128)",
                maxLength: 128,
                nullable: true,
                collation: "C");

            migrationBuilder.CreateTable(
                name: "Settings",
                columns: table => new
                {
                    Key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, collation: "C"),
                    Value = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Settings", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "Workers",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false, collation: "C"),
                    Host = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false, collation: "C"),
                    Pid = table.Column<int>(type: "integer", nullable: false),
                    Queues = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    ServerIds = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Devices = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    CpuCores = table.Column<int>(type: "integer", nullable: false),
                    Running = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    StoreSha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true, collation: "C"),
                    Error = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    StartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    HeartbeatAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    StoppedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Workers", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Workers_HeartbeatAt",
                table: "Workers",
                column: "HeartbeatAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Settings");

            migrationBuilder.DropTable(
                name: "Workers");

            migrationBuilder.DropColumn(
                name: "Device",
                table: "Experiments");

            migrationBuilder.DropColumn(
                name: "WorkerId",
                table: "Experiments");
        }
    }
}
