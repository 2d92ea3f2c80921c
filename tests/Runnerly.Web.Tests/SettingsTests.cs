using System.Net;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Runnerly.Web.Clients;
using Runnerly.Web.Components.Pages;
using Runnerly.Web.Formatting;

namespace Runnerly.Web.Tests;

public sealed class SettingsTests : IDisposable
{
    private static readonly TimeZoneInfo Melbourne = TimeZoneInfo.FindSystemTimeZoneById("Australia/Melbourne");
    private readonly BunitContext _context = new();

    [Fact]
    public void Settings_name_the_strava_athlete_link_to_their_profile_and_say_which_time_zone_is_in_use()
    {
        var settings = Render(new StravaStatus(true, 1013, 1304, 1304, true, null, false, null, AthleteName: "Ada Lovelace"));

        var athlete = settings.Find("a[href='https://www.strava.com/athletes/1013']");
        Assert.Equal("Ada Lovelace", athlete.TextContent);
        Assert.Contains("1304 runs imported.", settings.Markup);
        Assert.StartsWith("In use: Australia/Melbourne.", settings.Find("[data-time-zone]").TextContent);
        Assert.Equal("Australia/Melbourne", settings.Find("#timezone option[selected]").GetAttribute("value"));
    }

    [Fact]
    public void Without_the_athlete_s_name_settings_still_link_to_their_strava_profile()
    {
        var settings = Render(new StravaStatus(true, 1013, 10, 1304, false, null, false, null));

        Assert.Equal("Strava athlete 1013", settings.Find("a[href='https://www.strava.com/athletes/1013']").TextContent);
    }

    [Fact]
    public void Disconnecting_strava_is_a_second_step_that_says_how_many_runs_go()
    {
        var settings = Render(new StravaStatus(true, 1013, 1304, 1304, true, null, false, null));

        var confirm = settings.Find("details.confirm");
        Assert.False(confirm.HasAttribute("open"));
        Assert.Equal("Disconnect Strava…", confirm.QuerySelector("summary")!.TextContent);
        Assert.Equal("/settings/strava/disconnect", confirm.QuerySelector("form")!.GetAttribute("action"));
        Assert.Equal("Disconnect and delete 1,304 runs", confirm.QuerySelector("button")!.TextContent);
    }

    [Fact]
    public void A_pause_for_strava_s_read_limits_says_why_and_when_the_import_goes_on()
    {
        var now = DateTimeOffset.Parse("2026-12-01T10:10:00Z"); // 21:10 in Melbourne
        StravaStatus Paused(string until) => new(true, 1, 300, 1304, false, null, false, null, DateTimeOffset.Parse(until));

        Assert.Equal("Strava limits how fast apps may read; continuing at 21:30.", SyncFormat.Pause(Paused("2026-12-01T10:30:00Z"), Melbourne, now));
        Assert.Equal("Strava limits how fast apps may read; continuing tomorrow at 11:00.", SyncFormat.Pause(Paused("2026-12-02T00:00:00Z"), Melbourne, now));
        Assert.Null(SyncFormat.Pause(Paused("2026-12-01T10:00:00Z"), Melbourne, now));
        Assert.Null(SyncFormat.Pause(new StravaStatus(true, 1, 300, 1304, false, null, false, null), Melbourne, now));

        var card = _context.Render<Components.Shared.StravaProgress>(parameters => parameters
            .Add(p => p.Status, Paused("2026-12-01T10:30:00Z")).Add(p => p.TimeZone, "Australia/Melbourne").Add(p => p.Now, now));
        Assert.Contains("Strava limits how fast apps may read; continuing at 21:30.", card.Find(".pause").TextContent);
        Assert.Equal("true", card.Find("[data-strava-progress]").GetAttribute("data-paused"));
    }

    private IRenderedComponent<Settings> Render(StravaStatus strava)
    {
        _context.Services.AddSingleton(new DataApi(StubApi.Client(request => request.RequestUri!.AbsolutePath switch
        {
            "/api/profile" => StubApi.Json(new Profile("Ada", null, null, null, null, null, "km", "Australia/Melbourne", 4, false)),
            _ => new HttpResponseMessage(HttpStatusCode.NotFound),
        })));
        _context.Services.AddSingleton(new StravaApi(StubApi.Client(_ => StubApi.Json(strava))));
        _context.Services.AddSingleton(new TrainingApi(StubApi.Client(_ => StubApi.Json(new RaceSettings(false, null)))));
        return _context.Render<Settings>();
    }

    public void Dispose() => _context.Dispose();
}
