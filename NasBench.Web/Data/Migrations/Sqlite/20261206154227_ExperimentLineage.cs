using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NasBench.Web.Data.Migrations.Sqlite
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
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "RerunOf",
                table: "Experiments",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ExperimentGroups",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Preset = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    OwnerId = table.Column<string>(type: "TEXT", nullable: false),
                    Owner = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
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
