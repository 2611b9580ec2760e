using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace InfusionClinic.Infrastructure.Persistence.Migrations.SqlServer
{
    public partial class SeriesSequenceUnique : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Sessions_SeriesId_Sequence",
                table: "Sessions");

            migrationBuilder.CreateIndex(
                name: "IX_Sessions_SeriesId_Sequence",
                table: "Sessions",
                columns: new[] { "SeriesId", "Sequence" },
                unique: true);
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Sessions_SeriesId_Sequence",
                table: "Sessions");

            migrationBuilder.CreateIndex(
                name: "IX_Sessions_SeriesId_Sequence",
                table: "Sessions",
                columns: new[] { "SeriesId", "Sequence" });
        }
    }
}
