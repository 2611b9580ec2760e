using InfusionClinic.Application.Abstractions;
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
        ("clinician@demo.clinic", "Demo Clinician", StaffRoles.Clinician),
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
        foreach (var (email, name, roles) in Accounts)
        {
            db.Staff.Add(StaffMember.Create(email, name, roles, hash, clock.GetUtcNow()));
        }

        await db.SaveChangesAsync(ct);
        return true;
    }
}
