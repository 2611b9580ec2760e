using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace InfusionClinic.Infrastructure.Persistence.Migrations.Sqlite
{
    public partial class ConsultationsAndPlans : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Consultations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PatientId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SiteId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ClinicianId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ConsultRoomId = table.Column<Guid>(type: "TEXT", nullable: false),
                    LocalStart = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DurationMinutes = table.Column<int>(type: "INTEGER", nullable: false),
                    StartsAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    EndsAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    BookedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    BookedBy = table.Column<Guid>(type: "TEXT", nullable: false),
                    HistoryNotes = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    ConsentFormVersion = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    ConsentSignedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ConsentRecordedBy = table.Column<Guid>(type: "TEXT", nullable: true),
                    ConsentWithdrawnAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ConsentWithdrawalReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Consultations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Consultations_ConsultRooms_ConsultRoomId",
                        column: x => x.ConsultRoomId,
                        principalTable: "ConsultRooms",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Consultations_Patients_PatientId",
                        column: x => x.PatientId,
                        principalTable: "Patients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Consultations_Sites_SiteId",
                        column: x => x.SiteId,
                        principalTable: "Sites",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Consultations_Staff_ClinicianId",
                        column: x => x.ClinicianId,
                        principalTable: "Staff",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ConsultationChanges",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    By = table.Column<Guid>(type: "TEXT", nullable: false),
                    FromStart = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ToStart = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    ConsultationId = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ConsultationChanges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ConsultationChanges_Consultations_ConsultationId",
                        column: x => x.ConsultationId,
                        principalTable: "Consultations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ConsultationDecisions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Decision = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Precautions = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    SignedBy = table.Column<Guid>(type: "TEXT", nullable: false),
                    SignedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    AmendmentReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    ConsultationId = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ConsultationDecisions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ConsultationDecisions_Consultations_ConsultationId",
                        column: x => x.ConsultationId,
                        principalTable: "Consultations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ConsultationScreening",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Item = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Answer = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    ConsultationId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ConsultationScreening", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ConsultationScreening_Consultations_ConsultationId",
                        column: x => x.ConsultationId,
                        principalTable: "Consultations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "TreatmentPlans",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PatientId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ConsultationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<Guid>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TreatmentPlans", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TreatmentPlans_Consultations_ConsultationId",
                        column: x => x.ConsultationId,
                        principalTable: "Consultations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_TreatmentPlans_Patients_PatientId",
                        column: x => x.PatientId,
                        principalTable: "Patients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "TreatmentPlanVersions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PlanId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    Indication = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    IndicationText = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Setting = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    SessionCount = table.Column<int>(type: "INTEGER", nullable: false),
                    SpacingDays = table.Column<int>(type: "INTEGER", nullable: true),
                    SpacingWeekdays = table.Column<string>(type: "TEXT", maxLength: 80, nullable: true),
                    PreferredWindowStart = table.Column<TimeSpan>(type: "TEXT", nullable: false),
                    PreferredWindowEnd = table.Column<TimeSpan>(type: "TEXT", nullable: false),
                    PreparationMinutes = table.Column<int>(type: "INTEGER", nullable: false),
                    InfusionMinutes = table.Column<int>(type: "INTEGER", nullable: false),
                    RecoveryMinutes = table.Column<int>(type: "INTEGER", nullable: false),
                    FastingHours = table.Column<decimal>(type: "TEXT", precision: 6, scale: 2, nullable: false),
                    EscortRequired = table.Column<bool>(type: "INTEGER", nullable: false),
                    ValidUntil = table.Column<DateTime>(type: "date", nullable: false),
                    Notes = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    CreatedBy = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    AmendmentReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TreatmentPlanVersions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TreatmentPlanVersions_TreatmentPlans_PlanId",
                        column: x => x.PlanId,
                        principalTable: "TreatmentPlans",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PrescriptionLines",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Drug = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    DoseValue = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: false),
                    DoseUnit = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    RateValue = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: true),
                    RateUnit = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    Route = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    PlanVersionId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PrescriptionLines", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PrescriptionLines_TreatmentPlanVersions_PlanVersionId",
                        column: x => x.PlanVersionId,
                        principalTable: "TreatmentPlanVersions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ConsultationChanges_ConsultationId",
                table: "ConsultationChanges",
                column: "ConsultationId");

            migrationBuilder.CreateIndex(
                name: "IX_ConsultationDecisions_ConsultationId",
                table: "ConsultationDecisions",
                column: "ConsultationId");

            migrationBuilder.CreateIndex(
                name: "IX_Consultations_ClinicianId",
                table: "Consultations",
                column: "ClinicianId");

            migrationBuilder.CreateIndex(
                name: "IX_Consultations_ConsultRoomId",
                table: "Consultations",
                column: "ConsultRoomId");

            migrationBuilder.CreateIndex(
                name: "IX_Consultations_PatientId_StartsAt",
                table: "Consultations",
                columns: new[] { "PatientId", "StartsAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Consultations_SiteId_StartsAt",
                table: "Consultations",
                columns: new[] { "SiteId", "StartsAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ConsultationScreening_ConsultationId",
                table: "ConsultationScreening",
                column: "ConsultationId");

            migrationBuilder.CreateIndex(
                name: "IX_PrescriptionLines_PlanVersionId",
                table: "PrescriptionLines",
                column: "PlanVersionId");

            migrationBuilder.CreateIndex(
                name: "IX_TreatmentPlans_ConsultationId",
                table: "TreatmentPlans",
                column: "ConsultationId");

            migrationBuilder.CreateIndex(
                name: "IX_TreatmentPlans_PatientId_CreatedAt",
                table: "TreatmentPlans",
                columns: new[] { "PatientId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_TreatmentPlanVersions_PlanId_Number",
                table: "TreatmentPlanVersions",
                columns: new[] { "PlanId", "Number" },
                unique: true);
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ConsultationChanges");

            migrationBuilder.DropTable(
                name: "ConsultationDecisions");

            migrationBuilder.DropTable(
                name: "ConsultationScreening");

            migrationBuilder.DropTable(
                name: "PrescriptionLines");

            migrationBuilder.DropTable(
                name: "TreatmentPlanVersions");

            migrationBuilder.DropTable(
                name: "TreatmentPlans");

            migrationBuilder.DropTable(
                name: "Consultations");
        }
    }
}
