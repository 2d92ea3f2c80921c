using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenIddict.Abstractions;
using Runnerly.Identity.Accounts;
using Runnerly.Identity.Apis;
using Runnerly.Identity.Infrastructure;
using Runnerly.Identity.Pages;

namespace Runnerly.Identity;

internal static class ApplicationServices
{
    public const string DatabaseConnectionName = "identitydb";
    private const long FirstKeyLock = 0x5275_6E6E_6572_4B01; // the replicas' lock for the key ring's first key

    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDbContext<AccountsDbContext>(DatabaseConnectionName,
            configureDbContextOptions: options => options.UseOpenIddict());
        builder.AddDatabaseMigrations<AccountsDbContext>();
        builder.AddWriteConflictAnswers();

        builder.AddKeyRing("Runnerly.Identity").PersistKeysToDbContext<AccountsDbContext>()
            .CreateFirstKeyOnce(AdvisoryLocks.InDatabaseOf<AccountsDbContext>(FirstKeyLock));

        builder.AddAccounts();
        builder.AddTokenServer();

        builder.Services.AddRazorPages().AddMvcOptions(options => options.Filters.Add(new RefusedInputFilter()));
        builder.Services.AddAccountsApi();
        return builder;
    }

    private static void AddAccounts(this IHostApplicationBuilder builder)
    {
        builder.Services
            .AddIdentity<IdentityUser, IdentityRole>(options =>
            {
                // Current NIST guidance: length, no composition rules, common passwords refused.
                options.Password.RequiredLength = 8;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequiredUniqueChars = 1;

                // No hard lock anyone could set off for someone else's account: SignInThrottle slows guessing instead.
                options.Lockout.AllowedForNewUsers = false;

                options.User.RequireUniqueEmail = true;
                options.SignIn.RequireConfirmedEmail = true;

                options.ClaimsIdentity.UserIdClaimType = OpenIddictConstants.Claims.Subject;
                options.ClaimsIdentity.UserNameClaimType = OpenIddictConstants.Claims.Name;
                options.ClaimsIdentity.EmailClaimType = OpenIddictConstants.Claims.Email;
            })
            .AddEntityFrameworkStores<AccountsDbContext>()
            .AddDefaultTokenProviders()
            .AddPasswordValidator<CommonPasswordValidator>();

        // Confirmation and reset links expire.
        builder.Services.Configure<DataProtectionTokenProviderOptions>(options => options.TokenLifespan = TimeSpan.FromHours(24));

        builder.Services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = AccountPaths.SignIn;
            options.LogoutPath = AccountPaths.SignOut;
            options.AccessDeniedPath = AccountPaths.SignIn;
            options.Cookie.Name = "runnerly.identity";
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;

            // The handler builds these redirects from the request's Host, which the client chooses (directly or as
            // X-Forwarded-Host): send only the path, which the browser resolves against the address it asked for.
            var events = options.Events;
            var (toLogin, toAccessDenied, toLogout, toReturnUrl) = (events.OnRedirectToLogin, events.OnRedirectToAccessDenied, events.OnRedirectToLogout, events.OnRedirectToReturnUrl);
            events.OnRedirectToLogin = context => toLogin(Relative(context));
            events.OnRedirectToAccessDenied = context => toAccessDenied(Relative(context));
            events.OnRedirectToLogout = context => toLogout(Relative(context));
            events.OnRedirectToReturnUrl = context => toReturnUrl(Relative(context));
        });

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddScoped<AccountDeleter>();
        builder.Services.AddScoped<SignInThrottle>();
        builder.Services.AddHostedService<AccountDeletionWorker>();
        builder.Services.AddHttpClient(AccountDeletionWorker.HttpClientName).AddServiceToken();

        builder.Services.Configure<MailOptions>(builder.Configuration.GetSection("Mail"));
        builder.Services.AddSingleton<IAccountMailer, SmtpAccountMailer>();
    }

    private static RedirectContext<CookieAuthenticationOptions> Relative(RedirectContext<CookieAuthenticationOptions> context)
    {
        if (Uri.TryCreate(context.RedirectUri, UriKind.Absolute, out var absolute))
        {
            context.RedirectUri = absolute.PathAndQuery + absolute.Fragment;
        }

        return context;
    }
}
