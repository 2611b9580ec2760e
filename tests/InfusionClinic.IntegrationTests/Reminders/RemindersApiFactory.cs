using InfusionClinic.Infrastructure.Messaging;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace InfusionClinic.IntegrationTests.Reminders;

/// <summary>The API with its SMS channel pointed at a <see cref="LocalSmsGateway"/> and email at a
/// <see cref="LocalSmtpServer"/>: quick in-process retries without delay (rounds are driven by the fake clock).</summary>
public class RemindersApiFactory : ApiFactory
{
    public const string GatewayAuth = "Bearer test-gateway-key";
    public const int LeaseSeconds = 120;
    public const int MaxAttempts = 3;
    public const int BackoffSeconds = 60;

    public RemindersApiFactory()
    {
        Gateway = new LocalSmsGateway();
        Smtp = new LocalSmtpServer();
    }

    /// <summary>A second API instance on the same database, gateway and SMTP server.</summary>
    protected RemindersApiFactory(RemindersApiFactory first)
        : base(first)
    {
        ArgumentNullException.ThrowIfNull(first);
        Gateway = first.Gateway;
        Smtp = first.Smtp;
        SharesServers = true;
    }

    public LocalSmsGateway Gateway { get; }

    public LocalSmtpServer Smtp { get; }

    private bool SharesServers { get; }

    public ReminderDispatcher Dispatcher => Services.GetRequiredService<ReminderDispatcher>();

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        ["Reminders:PublicBaseUrl"] = "https://clinic.example",
        ["Reminders:Sms:Url"] = Gateway.Url,
        ["Reminders:Sms:AuthHeaderName"] = "Authorization",
        ["Reminders:Sms:AuthHeaderValue"] = GatewayAuth,
        ["Reminders:Sms:TimeoutSeconds"] = "30",
        ["Reminders:Smtp:Host"] = "127.0.0.1",
        ["Reminders:Smtp:Port"] = Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Reminders:Smtp:From"] = "reminders@clinic.example",
        ["Reminders:Dispatch:LeaseSeconds"] = LeaseSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Reminders:Dispatch:MaxAttempts"] = MaxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Reminders:Dispatch:BackoffSeconds"] = BackoffSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Reminders:Dispatch:InProcessRetries"] = "1",
        ["Reminders:Dispatch:InProcessRetryDelayMilliseconds"] = "0",
        ["Reminders:Dispatch:BatchSize"] = "7",
        ["Reminders:Dispatch:Parallelism"] = "3",
    };

    public virtual RemindersApiFactory SecondInstance() => new SecondNode(this);

    /// <summary>Runs dispatch rounds until one settles nothing.</summary>
    public static async Task<int> DrainAsync(ReminderDispatcher dispatcher)
    {
        var total = 0;
        int n;
        while ((n = await dispatcher.DispatchDueAsync()) > 0)
        {
            total += n;
        }

        return total;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (!SharesServers)
        {
            await Gateway.DisposeAsync();
            await Smtp.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    private sealed class SecondNode(RemindersApiFactory first) : RemindersApiFactory(first);
}
