using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace NasBench.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ExperimentLineage : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "GroupId",
                table: "Experiments",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "RerunOf",
                table: "Experiments",
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ExperimentGroups",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Preset = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, collation: "C"),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false, collation: "C"),
                    OwnerId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Owner = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false, collation: "C"),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ExperimentGroups", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Experiments_GroupId",
                table: "Experiments",
                column: "GroupId");

            migrationBuilder.CreateIndex(
                name: "IX_Experiments_RerunOf",
                table: "Experiments",
                column: "RerunOf");

            migrationBuilder.AddForeignKey(
                name: "FK_Experiments_ExperimentGroups_GroupId",
                table: "Experiments",
                column: "GroupId",
                principalTable: "ExperimentGroups",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);

            migrationBuilder.AddForeignKey(
                name: "FK_Experiments_Experiments_RerunOf",
                table: "Experiments",
                column: "RerunOf",
                principalTable: "Experiments",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Experiments_ExperimentGroups_GroupId",
                table: "Experiments");

            migrationBuilder.DropForeignKey(
                name: "FK_Experiments_Experiments_RerunOf",
                table: "Experiments");

            migrationBuilder.DropTable(
                name: "ExperimentGroups");

            migrationBuilder.DropIndex(
                name: "IX_Experiments_GroupId",
                table: "Experiments");

            migrationBuilder.DropIndex(
                name: "IX_Experiments_RerunOf",
                table: "Experiments");

            migrationBuilder.DropColumn(
                name: "GroupId",
                table: "Experiments");

            migrationBuilder.DropColumn(
                name: "RerunOf",
                table: "Experiments");
        }
    }
}
