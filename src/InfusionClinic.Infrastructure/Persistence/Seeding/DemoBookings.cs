using System.Reflection;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Consultations;
using InfusionClinic.Application.Patients.RegisterPatient;
using InfusionClinic.Application.Reminders;
using InfusionClinic.Application.Scheduling;
using InfusionClinic.Application.Series.BookSeries;
using InfusionClinic.Application.Sessions.CheckIn;
using InfusionClinic.Application.Sessions.CheckOut;
using InfusionClinic.Application.Sessions.ConfirmEscort;
using InfusionClinic.Application.Sessions.MoveToRecovery;
using InfusionClinic.Application.Sessions.RecordCheckpoint;
using InfusionClinic.Application.Sites.NurseShifts;
using InfusionClinic.Application.TreatmentPlans;
using InfusionClinic.Domain.Audit;
using InfusionClinic.Domain.Consultations;
using InfusionClinic.Domain.Patients;
using InfusionClinic.Domain.Sessions;
using InfusionClinic.Domain.Sites;
using InfusionClinic.Domain.Staff;
using InfusionClinic.Domain.TreatmentPlans;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InfusionClinic.Infrastructure.Persistence.Seeding;

/// <summary>
/// The demo clinic's patients at different stages (<c>Seed:DemoBookings</c>), so a first look is not an empty board. Run
/// once, right after the demo clinic itself was seeded on an empty database, by the instance that seeded it.
/// <para>Every step is the application's own use case (command, validator, handler, domain rules, occupancy, reminders,
/// audit in the same save), sent through MediatR in a scope of its own like an HTTP request. Two things differ from a
/// request: the use case's clock is the moment the step stands for — the story starts about two weeks ago (consultations,
/// plans, the series booked then), so the rules that refuse the past or a decision before its consultation hold as
/// they would have then; a step never runs later than the real now — and the staff member it names as author (the
/// clinician who signs, the nurse at the chair) is the demo account of that role. The audit entries name the system as
/// actor (as the rest of the demo seed) and <c>SeedDemoData:{UseCase}</c> as action, at the real time of writing.</para>
/// </summary>
internal static class DemoBookings
{
    /// <summary>More fictional patients (phones in the 07700 900xxx drama range), registered by this seed.</summary>
    public static readonly IReadOnlyList<(string Given, string Family, DateOnly Dob, string Phone)> MorePatients =
    [
        ("Fern", "Mockford", new DateOnly(1983, 4, 18), "+447700900006"),
        ("Gus", "Exampleton", new DateOnly(1958, 12, 5), "+447700900007"),
        ("Hana", "Dummett", new DateOnly(1995, 2, 27), "+447700900008"),
    ];

    private const int Preparation = 15;
    private const int Infusion = 60;
    private const int Recovery = 30;

    /// <summary>The day the board shows "today's" sessions on, and whether the day is under way (sessions in progress).</summary>
    internal sealed record BoardDay(DateOnly Date, bool Live, TimeOnly Anchor);

    public static async Task SeedAsync(IServiceProvider root, CancellationToken ct)
    {
        var realClock = root.GetRequiredService<TimeProvider>();
        Dictionary<StaffRoles, Guid> staff;
        Site site;
        Guid room;
        Dictionary<string, Guid> patients;
        await using (var scope = root.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ClinicDbContext>();
            site = await db.Sites.AsNoTracking().SingleAsync(ct);
            room = await db.ConsultRooms.Where(r => r.SiteId == site.Id).OrderBy(r => r.Name).Select(r => r.Id).FirstAsync(ct);
            var accounts = await db.Staff.AsNoTracking().ToListAsync(ct);
            staff = new Dictionary<StaffRoles, Guid>
            {
                [StaffRoles.Admin] = accounts.Single(a => a.Email == "admin@demo.clinic").Id,
                [StaffRoles.FrontDesk] = accounts.Single(a => a.Email == "frontdesk@demo.clinic").Id,
                [StaffRoles.Nurse] = accounts.Single(a => a.Email == "nurse@demo.clinic").Id,
                [StaffRoles.Clinician] = accounts.Single(a => a.Email == "clinician@demo.clinic").Id,
            };
            patients = await db.Patients.AsNoTracking().ToDictionaryAsync(p => p.FamilyName, p => p.Id, StringComparer.Ordinal, ct);
        }

        var now = realClock.GetUtcNow();
        var board = ChooseBoardDay(site, now);
        var run = new Runner(root, realClock, staff);
        var history = LatestOpenDay(site, DateOnly.FromDateTime(site.ToLocal(now)).AddDays(-14));
        DateTimeOffset At(DateOnly day, int hour, int minute = 0) => site.ToInstant(day, new TimeOnly(hour, minute));

        // The story starts on an opening day about two weeks ago: three more patients are registered before their consultations.
        foreach (var (given, family, dob, phone) in MorePatients)
        {
            var registered = await run.Send(StaffRoles.FrontDesk, At(history, 7, 30), new RegisterPatientCommand(given, family, dob, null, site.Id, phone,
                $"{given.ToLowerInvariant()}.{family.ToLowerInvariant()}@example.org", ContactChannel.Sms, "en-GB", false, null,
                [new Application.Patients.Common.ExternalIdentifierDto("DEMO-MRN", $"DEMO-{family.ToUpperInvariant()}")]), ct);
            patients[family] = registered.Id;
        }

        // Consultations that took place that day, each screened, consented and signed Eligible at the consultation.
        string[] consulted = ["Demoson", "Placeholder", "Fictitious", "Sampleton", "Mockford", "Exampleton", "Dummett"];
        var plans = new Dictionary<string, Guid>(StringComparer.Ordinal);
        for (var i = 0; i < consulted.Length; i++)
        {
            var start = new TimeOnly(9, 0).AddMinutes(30 * i);
            var booked = await run.Send(StaffRoles.FrontDesk, At(history, 8, 0), new BookConsultationCommand(patients[consulted[i]], site.Id,
                staff[StaffRoles.Clinician], room, history.ToDateTime(start), 30), ct);
            var startsAt = site.ToInstant(history, start);
            await run.Send(StaffRoles.Clinician, startsAt.AddMinutes(10), new RecordScreeningCommand(booked.Id,
                Enum.GetValues<ScreeningItem>().Select(item => new ScreeningAnswerDto(item, ScreeningAnswerValue.No, null)).ToList(),
                "Demo history: chronic pain for several years, other treatments tried.", null), ct);
            await run.Send(StaffRoles.Clinician, startsAt.AddMinutes(15), new RecordConsentCommand(booked.Id, "KET-CONSENT-v3", startsAt.AddMinutes(12)), ct);
            await run.Send(StaffRoles.Clinician, startsAt.AddMinutes(25), new DecideEligibilityCommand(booked.Id, EligibilityDecision.Eligible, null, null, null), ct);

            // Plans written (and so signed) after the consultations: three sessions a week apart (one for the patient already treated).
            var count = consulted[i] == "Exampleton" ? 1 : 3;
            var plan = await run.Send(StaffRoles.Clinician, At(history, 16, 0), new CreateTreatmentPlanCommand(booked.Id,
                i % 2 == 0 ? Indication.CRPS : Indication.NeuropathicPain, null, CareSetting.Outpatient, count, 7, null, new TimeOnly(8, 0),
                new TimeOnly(16, 0), Preparation, Infusion, Recovery, 6m, true,
                [new PrescriptionLineDto("Ketamine", 0.5m, "mg/kg", 0.5m, "mg/kg/h", "IV")],
                DateOnly.FromDateTime(site.ToLocal(now)).AddMonths(6), "Demo plan.", count == 1 ? 7 : null), ct);
            plans[consulted[i]] = plan.Id;
        }

        // The patient already treated: one session a week later (a nurse on shift that day), discharged — now due a follow-up.
        var treatedDay = history.AddDays(7);
        await run.Send(StaffRoles.Admin, At(history, 16, 30),
            new AddNurseShiftCommand(site.Id, staff[StaffRoles.Nurse], treatedDay.ToDateTime(new TimeOnly(8, 0)), treatedDay.ToDateTime(new TimeOnly(18, 0))), ct);
        var treated = await BookAsync(run, site, plans["Exampleton"], [treatedDay], new TimeOnly(10, 0), At(history, 17, 0), ct);
        var t0 = site.ToInstant(treatedDay, new TimeOnly(10, 0));
        await WalkAsync(run, site, treated[0], t0, through: SessionStatus.InRecovery, ct);
        await run.Send(StaffRoles.Nurse, t0.AddMinutes(Preparation + Infusion + 15), Checkpoint(treated[0], new RecordCheckpointCommand(CheckpointKind.RecoveryVitals,
            RecoveryVitals: new VitalsInput(124, 78, 70, 98, 14, 36.7m, 2))), ct);
        await run.Send(StaffRoles.Nurse, t0.AddMinutes(Preparation + Infusion + Recovery - 2), Checkpoint(treated[0], new RecordCheckpointCommand(
            CheckpointKind.DischargeChecklist, DischargeChecklist: new DischargeChecklistInput(Enum.GetValues<DischargeItem>()))), ct);
        await run.Send(StaffRoles.FrontDesk, t0.AddMinutes(Preparation + Infusion + Recovery + 1), new CheckOutCommand(null) { SessionId = treated[0] }, ct);

        // Series booked then for five patients: "today's" session and one a week and two weeks later, spread over the chairs.
        var n = board.Anchor;
        var today = new (string Patient, TimeOnly At, SessionStatus Reached)[]
        {
            ("Demoson", board.Live ? Later(n, -75, site, board.Date) : n, SessionStatus.InRecovery),
            ("Placeholder", board.Live ? Later(n, -30, site, board.Date) : n.AddMinutes(30), SessionStatus.Infusing),
            ("Fictitious", board.Live ? n : n.AddMinutes(60), SessionStatus.CheckedIn),
            ("Sampleton", n.AddMinutes(board.Live ? 30 : 90), SessionStatus.Scheduled),
            ("Mockford", n.AddMinutes(board.Live ? 60 : 120), SessionStatus.Scheduled),
        };
        var sessions = new Dictionary<string, Guid>(StringComparer.Ordinal);
        foreach (var (patient, at, _) in today)
        {
            sessions[patient] = (await BookAsync(run, site, plans[patient], [board.Date, board.Date.AddDays(7), board.Date.AddDays(14)], at,
                At(history, 17, 15), ct))[0];
        }

        // The day itself, at the real time: only when it is under way (an opening day, open now, with room for what follows).
        if (board.Live)
        {
            foreach (var (patient, at, reached) in today.Where(t => t.Reached != SessionStatus.Scheduled))
            {
                await WalkAsync(run, site, sessions[patient], site.ToInstant(board.Date, at), reached, ct);
            }
        }

        // One escort already confirmed by phone; the last patient of the day has none yet (the escort-missing worklist).
        await run.Send(StaffRoles.FrontDesk, now, new ConfirmEscortCommand("Sam Example", "07700 900123", "Partner") { SessionId = sessions["Sampleton"] }, ct);

        // A new patient's first consultation, booked now for the next opening day after the board's day.
        var next = NextOpenDay(site, board.Date.AddDays(1));
        await run.Send(StaffRoles.FrontDesk, now, new BookConsultationCommand(patients["Testwell"], site.Id, staff[StaffRoles.Clinician], room,
            next.ToDateTime(new TimeOnly(14, 0)), 30), ct);
    }

    /// <summary>
    /// Today when the clinic is open now and the day's last demo session (an hour from now) still ends before closing:
    /// sessions are then shown in progress around the current time. Else the next opening day (today itself before
    /// opening) with all its sessions still scheduled from 09:00.
    /// </summary>
    internal static BoardDay ChooseBoardDay(Site site, DateTimeOffset now)
    {
        var local = site.ToLocal(now);
        var today = DateOnly.FromDateTime(local);
        var time = TimeOnly.FromDateTime(local);
        var slot = site.SlotMinutes;
        var anchor = new TimeOnly(time.Hour, time.Minute / slot * slot);
        var hours = site.OpeningHours.Where(r => r.Day == today.DayOfWeek).OrderBy(r => r.Start).ToList();
        if (hours.Count > 0 && time >= hours[0].Start
            && anchor.ToTimeSpan() + TimeSpan.FromMinutes(60 + Preparation + Infusion + Recovery) <= hours[^1].End.ToTimeSpan())
        {
            return new BoardDay(today, true, anchor);
        }

        var day = hours.Count > 0 && time < hours[0].Start ? today : NextOpenDay(site, today.AddDays(1));
        return new BoardDay(day, false, new TimeOnly(9, 0));
    }

    /// <summary><paramref name="minutes"/> from <paramref name="anchor"/>, not before the day's opening.</summary>
    private static TimeOnly Later(TimeOnly anchor, int minutes, Site site, DateOnly day)
    {
        var open = site.OpeningHours.Where(r => r.Day == day.DayOfWeek).Min(r => r.Start);
        var at = anchor.ToTimeSpan() + TimeSpan.FromMinutes(minutes);
        return at < open.ToTimeSpan() ? open : TimeOnly.FromTimeSpan(at);
    }

    private static DateOnly NextOpenDay(Site site, DateOnly from)
    {
        var day = from;
        while (site.OpeningHours.All(r => r.Day != day.DayOfWeek))
        {
            day = day.AddDays(1);
        }

        return day;
    }

    private static DateOnly LatestOpenDay(Site site, DateOnly onOrBefore)
    {
        var day = onOrBefore;
        while (site.OpeningHours.All(r => r.Day != day.DayOfWeek))
        {
            day = day.AddDays(-1);
        }

        return day;
    }

    private static async Task<IReadOnlyList<Guid>> BookAsync(Runner run, Site site, Guid planId, IReadOnlyList<DateOnly> dates, TimeOnly at,
        DateTimeOffset bookedAt, CancellationToken ct)
    {
        var series = await run.Send(StaffRoles.FrontDesk, bookedAt,
            new BookSeriesCommand(planId, site.Id, dates, null, at, at, false, null, null), ct);
        return series.Sessions.OrderBy(s => s.StartsAt).Select(s => s.Id).ToList();
    }

    private static RecordCheckpointCommand Checkpoint(Guid sessionId, RecordCheckpointCommand command) => command with { SessionId = sessionId };

    /// <summary>The session day at the chair, each step at its time from the session's start (never after now): check-in,
    /// the pre-infusion checkpoints, the infusion, its end and recovery — as far as <paramref name="through"/>.</summary>
    private static async Task WalkAsync(Runner run, Site site, Guid sessionId, DateTimeOffset start, SessionStatus through, CancellationToken ct)
    {
        await run.Send(StaffRoles.FrontDesk, start.AddMinutes(-10), new CheckInCommand(sessionId, null), ct);
        await run.Send(StaffRoles.Nurse, start.AddMinutes(-5), Checkpoint(sessionId, new RecordCheckpointCommand(CheckpointKind.Vitals,
            Vitals: new VitalsInput(128, 82, 74, 98, 14, 36.6m, 6))), ct);
        if (through == SessionStatus.CheckedIn)
        {
            return;
        }

        var local = site.ToLocal(start);
        await run.Send(StaffRoles.Nurse, start.AddMinutes(-4), Checkpoint(sessionId, new RecordCheckpointCommand(CheckpointKind.FastingConfirmed,
            FastingConfirmed: new FastingInput(local.AddHours(-10), local.AddHours(-3)))), ct);
        await run.Send(StaffRoles.Nurse, start.AddMinutes(-3), Checkpoint(sessionId, new RecordCheckpointCommand(CheckpointKind.EscortConfirmed,
            EscortConfirmed: new EscortInput("Alex Example", "07700 900999", "Friend"))), ct);
        await run.Send(StaffRoles.Nurse, start.AddMinutes(5), Checkpoint(sessionId, new RecordCheckpointCommand(CheckpointKind.IvPlaced,
            IvPlaced: new IvPlacedInput("Left antecubital fossa"))), ct);
        await run.Send(StaffRoles.Nurse, start.AddMinutes(Preparation), Checkpoint(sessionId, new RecordCheckpointCommand(CheckpointKind.InfusionStarted,
            InfusionStarted: new InfusionStartedInput("Ketamine", 35.50m, "mg", 0.5m, "mg/kg/h"))), ct);
        if (through == SessionStatus.Infusing)
        {
            return;
        }

        await run.Send(StaffRoles.Nurse, start.AddMinutes(Preparation + Infusion), Checkpoint(sessionId, new RecordCheckpointCommand(CheckpointKind.InfusionEnded,
            InfusionEnded: new InfusionEndedInput(35.50m, "mg"))), ct);
        await run.Send(StaffRoles.Nurse, start.AddMinutes(Preparation + Infusion), new MoveToRecoveryCommand(null, null) { SessionId = sessionId }, ct);
    }

    /// <summary>Sends each step through MediatR in a scope of its own, with the step's clock and author.</summary>
    private sealed class Runner(IServiceProvider root, TimeProvider realClock, IReadOnlyDictionary<StaffRoles, Guid> staff)
    {
        public async Task<TResponse> Send<TResponse>(StaffRoles role, DateTimeOffset at, IRequest<TResponse> request, CancellationToken ct)
        {
            await using var scope = root.CreateAsyncScope();
            var inner = scope.ServiceProvider;
            var name = request.GetType().Name;
            inner.GetRequiredService<IAuditContext>().Action = "SeedDemoData:" + (name.EndsWith("Command", StringComparison.Ordinal) ? name[..^7] : name);
            var services = new StepServices(inner, new StepClock(realClock, at), new StepActor(staff[role], role));
            return await new Mediator(t => services.GetService(t)!).Send(request, ct);
        }
    }

    /// <summary>The step's moment, never later than the real now.</summary>
    private sealed class StepClock(TimeProvider real, DateTimeOffset at) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow()
        {
            var now = real.GetUtcNow();
            return at < now ? at : now;
        }
    }

    /// <summary>The author the use case records (the demo account of the role that takes the step). Audit entries are
    /// written with the scope's own actor, the system.</summary>
    private sealed class StepActor(Guid staffId, StaffRoles roles) : ICurrentActor
    {
        public ActorKind Kind => ActorKind.Staff;

        public Guid? Id => staffId;

        public StaffRoles Roles => roles;
    }

    /// <summary>The scope's services, except that the use case (its handler, and the scheduling engine and reminder
    /// planner it uses) sees the step's clock and author.</summary>
    private sealed class StepServices(IServiceProvider inner, TimeProvider clock, ICurrentActor actor) : IServiceProvider
    {
        private static readonly Dictionary<Type, Type> Handlers = typeof(SchedulingEngine).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsInterface: false, IsGenericTypeDefinition: false })
            .SelectMany(t => t.GetInterfaces().Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IRequestHandler<,>)).Select(i => (i, t)))
            .ToDictionary(x => x.i, x => x.t);

        private static readonly Type[] WithStepClock = [typeof(SchedulingEngine), typeof(ReminderPlanner)];

        public object? GetService(Type serviceType)
        {
            if (serviceType == typeof(TimeProvider))
            {
                return clock;
            }

            if (serviceType == typeof(ICurrentActor))
            {
                return actor;
            }

            if (Handlers.TryGetValue(serviceType, out var handler))
            {
                return ActivatorUtilities.CreateInstance(this, handler);
            }

            return WithStepClock.Contains(serviceType) ? ActivatorUtilities.CreateInstance(this, serviceType) : inner.GetService(serviceType);
        }
    }
}
