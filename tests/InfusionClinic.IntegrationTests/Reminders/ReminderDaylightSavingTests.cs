using InfusionClinic.Domain.Reminders;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.IntegrationTests.Reminders;

/// <summary>
/// Due times across daylight-saving changes in Europe/London (28 March, 31 October 2027) and America/New_York
/// (14 March, 7 November 2027): elapsed offsets ("48h") stay elapsed time, local offsets ("1d@18:00") and quiet hours
/// stay local clock times, and the fasting start is the session start minus the fasting hours as elapsed time, told to
/// the patient in local time.
/// </summary>
public sealed class ReminderDaylightSavingTests(RemindersApiFactory api) : IClassFixture<RemindersApiFactory>
{
    private async Task<(BookedSession Session, Dictionary<string, Reminder> ByOffset)> Book(string zone, string date, string time, decimal fastingHours,
        string? quietStart = null, string? quietEnd = null, Func<Guid, Task>? policies = null)
    {
        var day = DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture);
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec
        {
            TimeZoneId = zone, ShiftDates = [day], QuietHoursStart = quietStart, QuietHoursEnd = quietEnd,
        });
        if (policies is not null)
        {
            await policies(site.Id);
        }

        var booked = await api.BookSession(site, day, time, fastingHours);
        var reminders = await api.WithDb(db => db.Reminders.AsNoTracking().Where(r => r.TargetId == booked.SessionId).ToListAsync());
        return (booked, reminders.ToDictionary(r => $"{r.Kind}:{r.Offset}", StringComparer.Ordinal));
    }

    private static DateTimeOffset Utc(string s) => DateTimeOffset.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task London_FastAcrossTheSpringChange_IsElapsedHoursAndToldInLocalTime()
    {
        // Sunday 28 March 2027 10:00 BST = 09:00Z; 12 h fast → 21:00Z on the 27th = 21:00 GMT (13 wall-clock hours before).
        var (booked, r) = await Book("Europe/London", "2027-03-28", "10:00", 12m);

        booked.StartsAt.Should().Be(Utc("2027-03-28T09:00:00Z"));
        r["Transport:48h"].DueAt.Should().Be(Utc("2027-03-26T09:00:00Z"));
        r["Appointment:24h"].DueAt.Should().Be(Utc("2027-03-27T09:00:00Z"));
        r["Fasting:1d@18:00"].DueAt.Should().Be(Utc("2027-03-27T18:00:00Z"), "18:00 GMT the evening before the session, before the fast starts at 21:00");
        r["Fasting:2h"].DueAt.Should().Be(Utc("2027-03-27T19:00:00Z"));

        api.Clock.Set(Utc("2027-03-27T19:00:00Z"));
        try
        {
            await RemindersApiFactory.DrainAsync(api.Dispatcher);
        }
        finally
        {
            api.Clock.Set(FakeClock.DefaultStart);
        }

        var text = api.Gateway.Requests.Single(x => x.IdempotencyKey == r["Fasting:2h"].Id.ToString()).Text;
        text.Should().Contain("on 2027-03-28 at 10:00").And.Contain("do not eat or drink from 21:00 on 2027-03-27.");
    }

    [Fact]
    public async Task London_QuietHoursAcrossTheSpringChange_MoveEarlierToTheLocalQuietStart()
    {
        // Monday 29 March 2027 09:00 BST = 08:00Z. "26h" → 06:00Z on the 28th = 07:00 BST, inside 21:00–08:00: moves to
        // 20:59 local on the 27th, which is still GMT (20:59Z).
        var (_, r) = await Book("Europe/London", "2027-03-29", "09:00", 6m, "21:00", "08:00",
            site => api.SetPolicy(site, "Appointment", true, ["26h"]));

        r["Appointment:26h"].DueAt.Should().Be(Utc("2027-03-27T20:59:00Z"));
        // Fasting from 03:00 BST (02:00Z): "2h" → 00:00Z = 01:00 BST on the 29th, quiet → 20:59 BST = 19:59Z on the 28th.
        r["Fasting:2h"].DueAt.Should().Be(Utc("2027-03-28T19:59:00Z"));
        r["Fasting:1d@18:00"].DueAt.Should().Be(Utc("2027-03-28T17:00:00Z"), "18:00 BST");
    }

    [Fact]
    public async Task NewYork_SpringChange_LocalOffsetsStayLocalAndQuietHoursMoveEarlier()
    {
        // Monday 15 March 2027 09:00 EDT = 13:00Z; fasting 6 h → 07:00Z = 03:00 EDT.
        var (_, r) = await Book("America/New_York", "2027-03-15", "09:00", 6m, "21:00", "08:00");

        r["Transport:48h"].DueAt.Should().Be(Utc("2027-03-13T13:00:00Z"), "48 elapsed hours: 08:00 EST, the end of quiet hours is allowed");
        r["Appointment:24h"].DueAt.Should().Be(Utc("2027-03-14T13:00:00Z"), "09:00 EDT");
        r["Fasting:1d@18:00"].DueAt.Should().Be(Utc("2027-03-14T22:00:00Z"), "18:00 EDT");
        r["Fasting:2h"].DueAt.Should().Be(Utc("2027-03-15T00:59:00Z"), "01:00 EDT is quiet: 20:59 EDT the evening before");
    }

    [Fact]
    public async Task NewYork_FastAcrossTheAutumnChange_IsElapsedHoursAndToldInLocalTime()
    {
        // Sunday 7 November 2027 10:00 EST = 15:00Z; 12 h fast → 03:00Z = 23:00 EDT on the 6th (11 wall-clock hours before).
        var (_, r) = await Book("America/New_York", "2027-11-07", "10:00", 12m);

        r["Transport:48h"].DueAt.Should().Be(Utc("2027-11-05T15:00:00Z"), "48 elapsed hours: 11:00 EDT");
        r["Appointment:24h"].DueAt.Should().Be(Utc("2027-11-06T15:00:00Z"));
        r["Fasting:1d@18:00"].DueAt.Should().Be(Utc("2027-11-06T22:00:00Z"), "18:00 EDT the evening before the session, before the fast starts at 23:00");
        r["Fasting:2h"].DueAt.Should().Be(Utc("2027-11-07T01:00:00Z"));

        api.Clock.Set(Utc("2027-11-07T01:00:00Z"));
        try
        {
            await RemindersApiFactory.DrainAsync(api.Dispatcher);
        }
        finally
        {
            api.Clock.Set(FakeClock.DefaultStart);
        }

        api.Gateway.Requests.Single(x => x.IdempotencyKey == r["Fasting:2h"].Id.ToString()).Text
            .Should().Contain("on 2027-11-07 at 10:00").And.Contain("do not eat or drink from 23:00 on 2027-11-06.");
    }

    [Fact]
    public async Task NewYork_EveningBeforeAtTheSpringChange_IsTheEveningBeforeTheSessionsDate()
    {
        // Sunday 14 March 2027 08:00 EDT = 12:00Z; an 8 h fast starts at 04:00Z = 23:00 EST on the 13th. "The evening before at
        // 18:00" is 18:00 EST on the 13th (23:00Z), not on the 12th.
        var (_, r) = await Book("America/New_York", "2027-03-14", "08:00", 8m);

        r["Fasting:1d@18:00"].DueAt.Should().Be(Utc("2027-03-13T23:00:00Z"));
        r["Fasting:2h"].DueAt.Should().Be(Utc("2027-03-14T02:00:00Z"), "2 h before the fasting start: 21:00 EST on the 13th");
    }

    [Fact]
    public async Task London_EveningBeforeAtTheSpringChange_IsTheEveningBeforeTheSessionsDate()
    {
        // Sunday 28 March 2027 08:00 BST = 07:00Z; an 8 h fast starts at 23:00Z = 23:00 GMT on the 27th.
        var (_, r) = await Book("Europe/London", "2027-03-28", "08:00", 8m);

        r["Fasting:1d@18:00"].DueAt.Should().Be(Utc("2027-03-27T18:00:00Z"), "18:00 GMT on the 27th, not the 26th");
    }

    [Fact]
    public async Task London_LongFast_EveningBeforeMovesADayEarlier_SoItComesBeforeTheFastStarts()
    {
        // Tuesday 30 March 2027 08:00 BST = 07:00Z; a 16 h fast starts at 15:00Z = 16:00 BST on the 29th, before 18:00 that
        // evening: the reminder moves to 18:00 BST on the 28th (17:00Z). Quiet hours 21:00–08:00 leave it there.
        var (_, r) = await Book("Europe/London", "2027-03-30", "08:00", 16m, "21:00", "08:00");

        r["Fasting:1d@18:00"].DueAt.Should().Be(Utc("2027-03-28T17:00:00Z"));
        r["Fasting:1d@18:00"].DueAt.Should().BeBefore(Utc("2027-03-29T15:00:00Z"));
    }
}
