using InfusionClinic.Web;
using InfusionClinic.Web.Api;
using InfusionClinic.Web.Layout;
using InfusionClinic.Web.Shared;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Components.WebAssembly.Hosting;
using MudBlazor.Services;

var builder = WebAssemblyHostBuilder.CreateDefault(args);
builder.RootComponents.Add<App>("#app");
builder.RootComponents.Add<HeadOutlet>("head::after");

// Warnings and errors only in the browser's console (no per-check authorization chatter).
builder.Logging.SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Warning);
builder.Services.AddMudServices();
builder.Services.AddAuthorizationCore();
builder.Services.AddCascadingAuthenticationState();
builder.Services.AddScoped<ClinicAuthState>();
builder.Services.AddScoped<AuthenticationStateProvider>(sp => sp.GetRequiredService<ClinicAuthState>());
builder.Services.AddScoped<SiteContext>();
builder.Services.AddScoped<StaffNames>();
builder.Services.AddSingleton(TimeProvider.System);

// One HttpClient to the API that served this app (same origin: the auth cookie goes with every call). The handler adds
// the anti-forgery header to unsafe requests and sends the user to the sign-in page on a 401.
builder.Services.AddTransient<ClinicHttpHandler>();
builder.Services.AddScoped(sp =>
{
    var handler = sp.GetRequiredService<ClinicHttpHandler>();
    handler.InnerHandler = new HttpClientHandler();
    return new HttpClient(handler) { BaseAddress = new Uri(builder.HostEnvironment.BaseAddress) };
});
builder.Services.AddScoped(sp => new ClinicApi(sp.GetRequiredService<HttpClient>()));

await builder.Build().RunAsync();
