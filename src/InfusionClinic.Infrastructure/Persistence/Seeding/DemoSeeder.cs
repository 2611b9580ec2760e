using InfusionClinic.Application.Abstractions;
using InfusionClinic.Domain.Patients;
using InfusionClinic.Domain.Sites;
using InfusionClinic.Domain.Staff;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Infrastructure.Persistence.Seeding;

/// <summary>Seeds the demo clinic once, on an empty database: one London site, 8 chairs, 4 recovery bays,
/// 2 consult rooms, Mon–Fri 08:00–18:00, and one account per role. All names are obviously fictional.</summary>
internal sealed class DemoSeeder(ClinicDbContext db, IPasswordHasher hasher, TimeProvider clock, IAuditContext audit)
{
    public static readonly IReadOnlyList<(string Email, string Name, StaffRoles Roles)> Accounts =
    [
        ("admin@demo.clinic", "Demo Admin", StaffRoles.Admin),
        ("frontdesk@demo.clinic", "Demo Front Desk", StaffRoles.FrontDesk),
        ("nurse@demo.clinic", "Demo Nurse", StaffRoles.Nurse),
        ("nurse2@demo.clinic", "Demo Nurse Two", StaffRoles.Nurse),
        ("clinician@demo.clinic", "Demo Clinician", StaffRoles.Clinician),
    ];

    public const int ShiftWeeks = 12;

    /// <summary>Fictional patients; phones are in the UK's range reserved for drama (07700 900xxx).</summary>
    public static readonly IReadOnlyList<(string Given, string Family, DateOnly Dob, string Phone)> DemoPatients =
    [
        ("Ada", "Demoson", new DateOnly(1971, 3, 14), "+447700900001"),
        ("Basil", "Placeholder", new DateOnly(1985, 7, 2), "+447700900002"),
        ("Cleo", "Fictitious", new DateOnly(1990, 11, 23), "+447700900003"),
        ("Dev", "Sampleton", new DateOnly(1962, 1, 30), "+447700900004"),
        ("Edie", "Testwell", new DateOnly(1978, 9, 9), "+447700900005"),
    ];

    public async Task<bool> SeedAsync(string password, CancellationToken ct)
    {
        if (await db.Sites.AnyAsync(ct) || await db.Staff.AnyAsync(ct))
        {
            return false;
        }

        audit.Action = "SeedDemoData";
        var weekdays = new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday };
        var site = Site.Create(new SiteSettings(
            "Demo Infusion Clinic London", "Europe/London", "44", 15, 2, 30, new TimeOnly(21, 0), new TimeOnly(8, 0), false, 28,
            weekdays.Select(d => new OpeningRange(d, new TimeOnly(8, 0), new TimeOnly(18, 0))).ToList()));
        db.Sites.Add(site);
        for (var i = 1; i <= 8; i++)
        {
            db.Chairs.Add(Chair.Create(site.Id, $"Chair {i}"));
        }

        for (var i = 1; i <= 4; i++)
        {
            db.RecoveryBays.Add(RecoveryBay.Create(site.Id, $"Recovery bay {i}"));
        }

        db.ConsultRooms.Add(ConsultRoom.Create(site.Id, "Consult room A"));
        db.ConsultRooms.Add(ConsultRoom.Create(site.Id, "Consult room B"));
        var hash = hasher.Hash(password);
        var now = clock.GetUtcNow();
        var staff = Accounts.Select(a => StaffMember.Create(a.Email, a.Name, a.Roles, hash, now)).ToList();
        db.Staff.AddRange(staff);

        // Both nurses on shift for the opening hours of every opening day of the next 12 weeks.
        var today = DateOnly.FromDateTime(site.ToLocal(now));
        foreach (var nurse in staff.Where(s => s.HasRole(StaffRoles.Nurse)))
        {
            for (var day = today; day < today.AddDays(7 * ShiftWeeks); day = day.AddDays(1))
            {
                foreach (var range in site.OpeningHours.Where(r => r.Day == day.DayOfWeek))
                {
                    db.NurseShifts.Add(NurseShift.Create(site, nurse.Id, day.ToDateTime(range.Start), day.ToDateTime(range.End)));
                }
            }
        }

        foreach (var (given, family, dob, phone) in DemoPatients)
        {
            db.Patients.Add(Patient.Register(
                new PatientDetails(given, family, dob, null, site.Id, phone, $"{given.ToLowerInvariant()}.{family.ToLowerInvariant()}@example.org",
                    ContactChannel.Sms, "en-GB", false, null),
                [new ExternalIdentifier("DEMO-MRN", $"DEMO-{family.ToUpperInvariant()}")], now));
        }

        await db.SaveChangesAsync(ct);
        return true;
    }
}
