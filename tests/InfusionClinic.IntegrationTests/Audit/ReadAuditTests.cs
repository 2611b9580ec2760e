using System.Net;
using System.Text.Json;
using InfusionClinic.Domain.Audit;
using InfusionClinic.Infrastructure.Persistence;
using InfusionClinic.IntegrationTests.Support;
using MediatR;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InfusionClinic.IntegrationTests.Audit;

/// <summary>
/// A request that shows patient records leaves ONE read entry naming them all, queued before the answer and written off
/// the request's path by the batched writer. This class's API gathers entries for an hour and queues 4 at most, so an
/// entry reaches the database only when a test flushes (<see cref="ApiFactory.WithDb{T}"/>), the queue is full, the audit
/// is listed, or the host stops: what each test sees does not depend on timing.
/// </summary>
public sealed class ReadAuditTests(ReadAuditTests.Api api) : IClassFixture<ReadAuditTests.Api>
{
    [Fact]
    public async Task DayBoard_OfThreePatients_WritesOneReadEntryNamingAllThree()
    {
        var board = await api.Board();
        var nurseId = await api.StaffId("nurse");
        var before = await LastId();

        (await (await api.ClientAs("nurse")).GetAsync(board.Url)).StatusCode.Should().Be(HttpStatusCode.OK);

        var read = (await ReadsSince(before)).Should().ContainSingle().Subject;
        read.Action.Should().Be("GetDayBoard");
        read.ActorKind.Should().Be(ActorKind.Staff);
        read.ActorId.Should().Be(nurseId);
        read.At.Should().Be(api.Clock.GetUtcNow());
        read.CorrelationId.Should().NotBeNullOrEmpty();
        read.EntityType.Should().Be("Patient");
        read.EntityId.Should().BeEmpty("the entry names three records: its record list says which");
        read.ParseRecords().Should().BeEquivalentTo(board.Patients.Select(p => new AuditedRecord("Patient", p.ToString())));
        read.Records!.Split(',').Should().OnlyContain(r => r.StartsWith("Patient:", StringComparison.Ordinal)).And.HaveCount(3);
    }

    [Fact]
    public async Task DayBoard_ReadTwice_WritesOneEntryPerRequest()
    {
        var board = await api.Board();
        var nurse = await api.ClientAs("nurse");
        var before = await LastId();

        (await nurse.GetAsync(board.Url)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await nurse.GetAsync(board.Url)).StatusCode.Should().Be(HttpStatusCode.OK);

        var reads = await ReadsSince(before);
        reads.Should().HaveCount(2).And.OnlyContain(r => r.Action == "GetDayBoard" && r.ParseRecords().Count == 3);
        reads.Select(r => r.CorrelationId).Distinct(StringComparer.Ordinal).Should().HaveCount(2, "each request is its own entry");
    }

    [Fact]
    public async Task DayBoard_FiftyConcurrentReads_WriteExactlyFiftyEntries()
    {
        var board = await api.Board();
        var nurse = await api.ClientAs("nurse");
        var before = await LastId();

        // 50 requests against a queue of 4: most of them wait for space, none is dropped or written twice.
        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => nurse.GetAsync(board.Url)));

        responses.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.OK);
        var reads = await ReadsSince(before);
        reads.Should().HaveCount(50).And.OnlyContain(r => r.Action == "GetDayBoard");
        reads.Should().OnlyContain(r => r.ParseRecords().Select(x => x.EntityId).Order(StringComparer.Ordinal).SequenceEqual(board.Patients.Select(p => p.ToString()).Order(StringComparer.Ordinal), StringComparer.Ordinal));
        reads.Select(r => r.CorrelationId).Distinct(StringComparer.Ordinal).Should().HaveCount(50);
    }

    [Fact]
    public async Task GetPatient_FailingAfterItRead_StillLeavesItsReadEntry()
    {
        var patient = (await api.Board()).Patients[0];
        var clinician = await api.ClientAs("clinician");
        var before = await LastId();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/patients/{patient}");
        request.Headers.Add(Api.FailAfterReadHeader, "1");

        (await clinician.SendAsync(request)).StatusCode.Should().Be(HttpStatusCode.InternalServerError);

        var read = (await ReadsSince(before)).Should().ContainSingle().Subject;
        read.Action.Should().Be("GetPatient");
        read.EntityType.Should().Be("Patient");
        read.EntityId.Should().Be(patient.ToString());
        read.ParseRecords().Should().Equal(new AuditedRecord("Patient", patient.ToString()));
    }

    [Fact]
    public async Task GetPatient_WhileAWriteHoldsTheDatabase_IsAnsweredWithoutWaitingForIt()
    {
        var patient = (await api.Board()).Patients[1];
        var clinician = await api.ClientAs("clinician");
        var before = await LastId();
        await using var scope = api.Services.CreateAsyncScope();
        var turn = await SqliteWriteGate.EnterAsync(scope.ServiceProvider.GetRequiredService<ClinicDbContext>(), CancellationToken.None);
        HttpResponseMessage response;
        try
        {
            // A long write (a series booking, a batch of audit entries) has the single writer's turn: the read does not
            // queue behind it. Bounded wait, not a sleep: it ends with the answer.
            response = await clinician.GetAsync($"/api/v1/patients/{patient}").WaitAsync(TimeSpan.FromSeconds(20));
        }
        finally
        {
            turn.Dispose();
        }

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await ReadsSince(before)).Should().ContainSingle().Which.EntityId.Should().Be(patient.ToString());
    }

    [Fact]
    public async Task HostStopping_WithReadsStillQueued_WritesThemFirst()
    {
        var patient = (await api.Board()).Patients[2];
        var before = await LastId();
        var other = api.AnotherApi();
        try
        {
            var clinician = await other.ClientAs("clinician");
            (await clinician.GetAsync($"/api/v1/patients/{patient}")).StatusCode.Should().Be(HttpStatusCode.OK);
            (await clinician.GetAsync($"/api/v1/patients/{patient}/timeline")).StatusCode.Should().Be(HttpStatusCode.OK);
            (await api.WithDbAsIs(db => db.AuditEntries.CountAsync(e => e.Id > before && e.Operation == AuditOperation.Read)))
                .Should().Be(0, "the other instance still holds them in its queue");
        }
        finally
        {
            // Stops its host: the queue is drained before the process would end.
            await other.DisposeAsync();
        }

        var reads = await ReadsSince(before);
        reads.Select(r => r.Action).Should().Equal("GetPatient", "GetPatientTimeline");
        reads.Should().OnlyContain(r => r.EntityType == "Patient" && r.EntityId == patient.ToString());
    }

    [Fact]
    public async Task ListAudit_ByRecordId_FindsTheBoardReadsThatShowedIt_WithoutAFlushByTheTest()
    {
        var board = await api.Board();
        var nurseId = await api.StaffId("nurse");
        var admin = await api.ClientAs("admin");
        var before = await LastId();
        (await (await api.ClientAs("nurse")).GetAsync(board.Url)).StatusCode.Should().Be(HttpStatusCode.OK);

        // Still queued (this API gathers for an hour): the audit query writes what is queued before it answers.
        foreach (var filter in new[] { $"entityId={board.Patients[1]}", $"entityType=Patient&entityId={board.Patients[1]}",
                     $"entityId={board.Patients[1].ToString().ToUpperInvariant()}", $"actorId={nurseId}" })
        {
            var page = await (await admin.GetAsync($"/api/v1/audit?{filter}&pageSize=100")).ShouldBeOk<JsonElement>();
            var items = page.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("id").GetInt64() > before).ToList();
            var read = items.Should().ContainSingle(filter).Subject;
            read.GetProperty("operation").GetString().Should().Be("Read");
            read.GetProperty("action").GetString().Should().Be("GetDayBoard");
            read.GetProperty("records").EnumerateArray().Select(r => (r.GetProperty("entityType").GetString(), r.GetProperty("entityId").GetGuid()))
                .Should().BeEquivalentTo(board.Patients.Select(p => ("Patient", p)));
        }

        var elsewhere = await (await admin.GetAsync($"/api/v1/audit?entityType=Session&entityId={board.Patients[1]}&pageSize=100")).ShouldBeOk<JsonElement>();
        elsewhere.GetProperty("items").EnumerateArray().Should().NotContain(i => i.GetProperty("id").GetInt64() > before,
            "the record list names the id as a patient, not a session");
    }

    private Task<long> LastId() => api.WithDb(async db => await db.AuditEntries.MaxAsync(e => (long?)e.Id) ?? 0);

    private Task<List<AuditEntry>> ReadsSince(long id) => api.WithDb(db => db.AuditEntries.AsNoTracking()
        .Where(e => e.Id > id && e.Operation == AuditOperation.Read).OrderBy(e => e.Id).ToListAsync());

    /// <summary>A site's day with three patients booked on it.</summary>
    public sealed record BoardDay(Guid SiteId, IReadOnlyList<Guid> Patients)
    {
        public string Url => $"/api/v1/worklists/day-board?siteId={SiteId}&date=2026-12-10";
    }

    /// <summary>The API with a slow, small audit queue, and a pipeline step that fails a request after its handler
    /// answered when the request carries <see cref="FailAfterReadHeader"/>.</summary>
    public sealed class Api : ApiFactory
    {
        public const string FailAfterReadHeader = "X-Test-Fail-After-Read";
        private readonly Lazy<Task<BoardDay>> _board;

        public Api()
        {
            _board = new(BookBoardAsync);
        }

        private Api(Api first)
            : base(first)
        {
            _board = first._board;
        }

        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Audit:Queue:MaxDelayMilliseconds"] = "3600000",
            ["Audit:Queue:Capacity"] = "4",
        };

        /// <summary>Another API process on the same database and settings; the caller disposes it.</summary>
        public Api AnotherApi() => new(this);

        public Task<BoardDay> Board() => _board.Value;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddScoped(typeof(IPipelineBehavior<,>), typeof(FailAfterReading<,>)));
        }

        private async Task<BoardDay> BookBoardAsync()
        {
            var day = new DateOnly(2026, 12, 10);
            var site = await this.CreateSchedulingSite(new SchedulingSiteSpec { Chairs = 3, Bays = 3, ShiftDates = [day] });
            var patients = new List<Guid>();
            for (var i = 0; i < 3; i++)
            {
                var patient = await this.NewPatient();
                var body = ClinicalPath.PlanBody(await this.SignedEligibleConsultation(patient));
                body["preparationMinutes"] = 0;
                body["infusionMinutes"] = 60;
                body["recoveryMinutes"] = 30;
                await this.BookSeries(ClinicalPath.IdOf((await this.CreatePlan(body)).Plan), site.Id, [day], "09:00", "09:00");
                patients.Add(patient);
            }

            return new BoardDay(site.Id, patients);
        }
    }

    /// <summary>Innermost pipeline step: the handler has read (and recorded) its records, then the request fails.</summary>
    public sealed class FailAfterReading<TRequest, TResponse>(IHttpContextAccessor http) : IPipelineBehavior<TRequest, TResponse>
    {
        public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
        {
            var response = await next();
            return http.HttpContext?.Request.Headers.ContainsKey(Api.FailAfterReadHeader) == true
                ? throw new InvalidOperationException("The request fails after its handler read the records.")
                : response;
        }
    }
}
