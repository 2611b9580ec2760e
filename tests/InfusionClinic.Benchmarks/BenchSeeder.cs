using InfusionClinic.Domain.Consultations;
using InfusionClinic.Domain.Patients;
using InfusionClinic.Domain.Scheduling;
using InfusionClinic.Domain.Sessions;
using InfusionClinic.Domain.Sites;
using InfusionClinic.Domain.Staff;
using InfusionClinic.Domain.TreatmentPlans;
using InfusionClinic.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InfusionClinic.Benchmarks;

internal sealed record BenchWorld(Guid SiteId, Guid PlanId, DateOnly FirstFutureDay);

/// <summary>
/// Seeds sites of 20 chairs and 10 bays with a booking history of <c>size</c> sessions: the measured site's next
/// 12 weeks about 70 % full (4 two-hour chair turns a day, staggered so 10 bays and 10 nurses × 2 suffice), the rest
/// years of past sessions spread over several sites. Each site has a pool of 50 fictional patients (each with a signed
/// consultation, a plan and a series) taking the sessions in turn, so a full day's board shows 50 patients. The
/// measured site's nurses are on shift every weekday up to the plan's valid-until date (free days after the 12 weeks
/// for the load harness's bookings), and a FrontDesk account with a real password hash lets a client sign in over HTTP.
/// Inserted with a context that writes no audit (seed data).
/// </summary>
internal static class BenchSeeder
{
    /// <summary>The seed's shape version, part of the cached file's name: bump it when the seed changes.</summary>
    public const string SeedVersion = "v2";
    public const string DeskEmail = "loadtest.desk@bench.test";
    public const string DeskPassword = "Bench-Load-Passw0rd!";
    public const int PatientsPerSite = 50;
    public static readonly DateOnly PlanValidUntil = new(2030, 1, 1);

    private const int ChairCount = 20;
    private const int BayCount = 10;
    private const int Nurses = 10;

    /// <summary>The cached seed file of a kind of harness and a size, in the temp folder.</summary>
    public static string PathFor(string kind, int size) =>
        Path.Combine(Path.GetTempPath(), $"infusionclinic-bench-{kind}{(kind.Length > 0 ? "-" : "")}{SeedVersion}-{size}.db");

    public static async Task<BenchWorld> EnsureAsync(IServiceProvider provider, string path, int size, DateTimeOffset now)
    {
        await using (var scope = provider.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ClinicDbContext>();
            await db.Database.MigrateAsync();
            if (await db.Sessions.CountAsync() == size && await db.Staff.AnyAsync(x => x.Email == DeskEmail))
            {
                var site = await db.Sites.OrderBy(s => s.Name).FirstAsync();
                var plan = await db.TreatmentPlans.Where(p => p.PatientId == db.Patients.Where(x => x.HomeSiteId == site.Id).Select(x => x.Id).First()).FirstAsync();
                return new BenchWorld(site.Id, plan.Id, FirstFutureDay(site, now));
            }
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(path + suffix);
        }

        await using (var scope = provider.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ClinicDbContext>().Database.MigrateAsync();
        }

        var options = new DbContextOptionsBuilder<SqliteClinicDbContext>().UseSqlite($"Data Source={path}").Options;
        var hasher = provider.GetRequiredService<InfusionClinic.Application.Abstractions.IPasswordHasher>();
        var sites = Math.Max(2, size / 20_000);
        BenchWorld? world = null;
        var remaining = size;
        var rnd = new Random(42);
        for (var s = 0; s < sites; s++)
        {
            await using var db = new SqliteClinicDbContext(options);
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var site = Site.Create(new SiteSettings($"Bench site {s}", "Europe/London", "44", 15, 2, 30, null, null, false, 28,
                Enum.GetValues<DayOfWeek>().Where(d => d is not DayOfWeek.Saturday and not DayOfWeek.Sunday)
                    .Select(d => new OpeningRange(d, new TimeOnly(8, 0), new TimeOnly(18, 0))).ToList()));
            db.Sites.Add(site);
            var chairs = Enumerable.Range(1, ChairCount).Select(i => Chair.Create(site.Id, $"Chair {i:00}")).ToList();
            var bays = Enumerable.Range(1, BayCount).Select(i => RecoveryBay.Create(site.Id, $"Bay {i:00}")).ToList();
            db.Chairs.AddRange(chairs);
            db.RecoveryBays.AddRange(bays);
            db.ConsultRooms.Add(ConsultRoom.Create(site.Id, "Room"));
            var clinician = StaffMember.Create($"clin{s}@bench.test", "Clinician", StaffRoles.Clinician, "x", now);
            db.Staff.Add(clinician);
            var nurses = Enumerable.Range(0, Nurses).Select(i => StaffMember.Create($"nurse{s}-{i}@bench.test", "Nurse", StaffRoles.Nurse, "x", now)).ToList();
            db.Staff.AddRange(nurses);
            var pool = new List<(Patient Patient, TreatmentPlan Plan, Series Series)>(PatientsPerSite);
            for (var i = 0; i < PatientsPerSite; i++)
            {
                var patient = Patient.Register(new PatientDetails(GivenNames[i % GivenNames.Length], $"Benchpatient{s}x{i:00}", new DateOnly(1950 + i % 50, 1 + i % 12, 1 + i % 28),
                    null, site.Id, null, null, ContactChannel.None, "en", true, null), [], now);
                db.Patients.Add(patient);
                var consult = Consultation.Book(patient.Id, site.Id, clinician.Id, db.ConsultRooms.Local.First().Id,
                    new BookingTime(new DateTime(2020, 1, 6, 9, 0, 0), site.ToInstant(new DateOnly(2020, 1, 6), new TimeOnly(9, 0)), site.ToInstant(new DateOnly(2020, 1, 6), new TimeOnly(9, 30))),
                    30, clinician.Id, now);
                consult.RecordScreening(Enum.GetValues<ScreeningItem>().Select(x => new ScreeningAnswer(x, ScreeningAnswerValue.No, null)), null, null, clinician.Id, now);
                consult.RecordConsent("v1", now.AddDays(-1), clinician.Id, now);
                consult.Decide(EligibilityDecision.Eligible, null, null, null, clinician.Id, now);
                db.Consultations.Add(consult);
                var plan = TreatmentPlan.Create(consult, patient.Id, new PlanDetails(Indication.CRPS, null, CareSetting.Outpatient, 10, null,
                    [DayOfWeek.Monday, DayOfWeek.Wednesday, DayOfWeek.Friday], new TimeOnly(8, 0), new TimeOnly(16, 0), 30, 90, 30, 6m, true,
                    [new PrescriptionLine("Ketamine", 0.5m, "mg/kg", 0.15m, "mg/kg/h", "IV")], PlanValidUntil, null), clinician.Id, now);
                db.TreatmentPlans.Add(plan);
                var series = Series.Create(plan.Id, patient.Id, site.Id, clinician.Id, now, null, null);
                db.Series.Add(series);
                pool.Add((patient, plan, series));
            }

            var firstFuture = FirstFutureDay(site, now);
            if (s == 0)
            {
                db.Staff.Add(StaffMember.Create(DeskEmail, "Load test desk", StaffRoles.FrontDesk, hasher.Hash(DeskPassword), now));
                foreach (var nurse in nurses)
                {
                    for (var d = firstFuture; d < PlanValidUntil; d = d.AddDays(1))
                    {
                        if (d.DayOfWeek is not DayOfWeek.Saturday and not DayOfWeek.Sunday)
                        {
                            db.NurseShifts.Add(NurseShift.Create(site, nurse.Id, d.ToDateTime(new TimeOnly(8, 0)), d.ToDateTime(new TimeOnly(18, 0))));
                        }
                    }
                }

                world = new BenchWorld(site.Id, pool[0].Plan.Id, firstFuture);
            }

            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();

            var finder = new SlotFinder(site, chairs.Select(c => c.Id).ToList(), bays.Select(b => b.Id).ToList());
            var quota = s == sites - 1 ? remaining : size / sites;
            var sequences = new int[PatientsPerSite];
            var taken = 0;
            var batch = 0;
            // The measured site: its next 12 weeks ~70 % full first; every site then fills backwards into the past.
            IEnumerable<DateOnly> Days()
            {
                if (s == 0)
                {
                    for (var d = firstFuture; d < firstFuture.AddDays(7 * 12); d = d.AddDays(1))
                    {
                        yield return d;
                    }
                }

                for (var d = firstFuture.AddDays(-1); ; d = d.AddDays(-1))
                {
                    yield return d;
                }
            }

            foreach (var day in Days())
            {
                if (quota <= 0)
                {
                    break;
                }

                if (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
                {
                    continue;
                }

                for (var turn = 0; turn < 4 && quota > 0; turn++)
                {
                    for (var c = 0; c < ChairCount && quota > 0; c++)
                    {
                        if (rnd.NextDouble() >= 0.7)
                        {
                            continue;
                        }

                        var local = day.ToDateTime(new TimeOnly(8, 0)).AddMinutes(turn * 120 + (c >= BayCount ? 30 : 0));
                        var start = site.ToInstant(day, TimeOnly.FromDateTime(local));
                        var placement = new SessionPlacement(local, start, start.AddMinutes(30), start.AddMinutes(120), start.AddMinutes(150),
                            chairs[c].Id, bays[c % BayCount].Id, c);
                        // The pool takes the sessions in turn: 50 sessions apart is more than a chair turn, so no patient is
                        // in two chairs at once, and a day of more than 50 sessions shows all 50 patients.
                        var k = taken++ % PatientsPerSite;
                        var (patient, plan, series) = pool[k];
                        var session = Session.Schedule(series.Id, ++sequences[k], plan.Id, plan.Current.Id, patient.Id, site.Id, placement, now);
                        db.Sessions.Add(session);
                        db.Occupancy.AddRange(finder.Hold(placement, session.Id));
                        quota--;
                        remaining--;
                        if (++batch == 2000)
                        {
                            db.ChangeTracker.DetectChanges();
                            await db.SaveChangesAsync();
                            db.ChangeTracker.Clear();
                            batch = 0;
                        }
                    }
                }
            }

            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync();
        }

        return world!;
    }

    private static readonly string[] GivenNames = ["Alex", "Sam", "Robin", "Jordan", "Morgan", "Casey", "Taylor", "Jamie", "Avery", "Quinn"];

    private static DateOnly FirstFutureDay(Site site, DateTimeOffset now) => DateOnly.FromDateTime(site.ToLocal(now)).AddDays(1);
}
