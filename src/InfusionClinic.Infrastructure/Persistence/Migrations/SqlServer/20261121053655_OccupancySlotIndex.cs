using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace InfusionClinic.Infrastructure.Persistence.Migrations.SqlServer
{
    public partial class OccupancySlotIndex : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Occupancy_SlotStart_Resource",
                table: "Occupancy",
                columns: new[] { "SlotStart", "Resource" });
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Occupancy_SlotStart_Resource",
                table: "Occupancy");
        }
    }
}
