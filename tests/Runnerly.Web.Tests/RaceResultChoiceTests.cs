using System.Net;
using System.Text.Json;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Runnerly.Testing;
using Runnerly.Web.Clients;
using Runnerly.Web.Components.Shared;
using Runnerly.Web.Formatting;

namespace Runnerly.Web.Tests;

/// <summary>After race day, a runner whose result the automatic match missed chooses their race run, or none.</summary>
public sealed class RaceResultChoiceTests : IDisposable
{
    private static readonly DateOnly RaceDay = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-10);
    private static readonly RaceSummary Race = new(Guid.NewGuid(), "Lyon 10K", RaceDay, "09:30", "Europe/Paris", 10_000, "10K", "road", "Lyon", "FR", 2, true, false);
    private static readonly ResultRun Stopped = new(Guid.NewGuid(), "Lyon 10K (watch stopped)", DateTimeOffset.UtcNow.AddDays(-10), RaceDay, 7_400, 2_874, false);
    private static readonly ResultRun WarmUp = new(Guid.NewGuid(), "Warm-up", DateTimeOffset.UtcNow.AddDays(-10), RaceDay, 2_400, 840, true);

    private readonly BunitContext _context = new();

    [Fact]
    public void The_runs_around_race_day_are_offered_with_their_day_distance_and_time_and_the_current_result_checked()
    {
        var detail = Detail(new MyParticipation(null, DateTimeOffset.UtcNow, new RaceResult(WarmUp.RunId, 840), ResultChosen: false)) with
        {
            ResultRuns = [Stopped, WarmUp],
        };
        _context.Services.AddSingleton(new TrainingApi(StubApi.Down()));

        var section = _context.Render<RaceParticipation>(parameters => parameters.Add(p => p.Detail, detail).Add(p => p.HasBeenRun, true)
            .Add(p => p.Units, "km"));

        Assert.Equal("Not this run? Choose another", section.Find("details.result-choice summary").TextContent);
        var choices = section.FindAll("input[name=RunChoice]");
        Assert.Equal([Stopped.RunId.ToString(), WarmUp.RunId.ToString(), "none"], choices.Select(c => c.GetAttribute("value")));
        Assert.Equal([false, true, false], choices.Select(c => c.HasAttribute("checked")));
        Assert.Equal($"{RaceFormat.Day(RaceDay)} · 7.40 km · 47:54", section.Find(".run-choice .run-facts").TextContent);
        Assert.Empty(section.FindAll("form.match-again")); // the match chose it: nothing to hand back
    }

    [Fact]
    public void No_result_chosen_says_so_and_offers_the_automatic_match_again()
    {
        var detail = Detail(new MyParticipation(null, DateTimeOffset.UtcNow, null, ResultChosen: true)) with { ResultRuns = [Stopped] };
        _context.Services.AddSingleton(new TrainingApi(StubApi.Down()));

        var section = _context.Render<RaceParticipation>(parameters => parameters.Add(p => p.Detail, detail).Add(p => p.HasBeenRun, true));

        Assert.Contains("You chose no result for this race.", section.Markup);
        Assert.Equal("Choose your race run", section.Find("details.result-choice summary").TextContent);
        Assert.True(section.Find("input[value=none]").HasAttribute("checked"));
        Assert.Equal("Find my result automatically again", section.Find("form.match-again button").TextContent);
    }

    [Fact]
    public void When_the_runs_around_race_day_could_not_be_read_the_result_shows_and_the_choice_says_why_it_waits()
    {
        var detail = Detail(new MyParticipation(null, DateTimeOffset.UtcNow, new RaceResult(WarmUp.RunId, 840), ResultChosen: false));
        _context.Services.AddSingleton(new TrainingApi(StubApi.Down()));

        var section = _context.Render<RaceParticipation>(parameters => parameters.Add(p => p.Detail, detail).Add(p => p.HasBeenRun, true));

        Assert.Equal($"Your result: {RunFormat.Duration(840)}", section.Find("p.big").TextContent);
        Assert.Contains("Your runs from around race day cannot be shown just now.", section.Find("details.result-choice").TextContent);
        Assert.Empty(section.FindAll("input[name=RunChoice]"));
    }

    [Fact]
    public async Task Choosing_a_run_on_the_race_page_saves_it_as_the_result_and_shows_the_race_again()
    {
        string? saved = null;
        await using var web = RacePageWith(request =>
        {
            saved = request.Content!.ReadAsStringAsync().Result;
            return StubApi.Json(new MyParticipation(null, DateTimeOffset.UtcNow, new RaceResult(Stopped.RunId, 2_874), true));
        });
        using var browser = web.Browser();

        using var page = await browser.GetAsync($"/races/{Race.Id}");
        using var chosen = await browser.PostAsync($"/races/{Race.Id}", Form(await page.Content.ReadAsStringAsync(), Stopped.RunId.ToString()));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, chosen.StatusCode);
        Assert.Equal($"/races/{Race.Id}", chosen.Headers.Location!.AbsolutePath);
        Assert.Equal(Stopped.RunId, JsonDocument.Parse(saved!).RootElement.GetProperty("runId").GetGuid());
    }

    [Fact]
    public async Task A_choice_the_training_service_refuses_stays_on_the_page_with_its_reason()
    {
        await using var web = RacePageWith(_ => StubApi.Problem(
            """{"title":"One or more validation errors occurred.","status":400,"errors":{"runId":["Choose one of your runs from the day before race day to the day after, or none (null)."]}}""",
            HttpStatusCode.BadRequest));
        using var browser = web.Browser();
        using var page = await browser.GetAsync($"/races/{Race.Id}");

        using var refused = await browser.PostAsync($"/races/{Race.Id}", Form(await page.Content.ReadAsStringAsync(), Guid.NewGuid().ToString()));

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var html = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Contains("Choose one of your runs from the day before race day to the day after", html);
        Assert.Contains("<details class=\"more result-choice\" open", html);
    }

    private static RaceDetail Detail(MyParticipation me) => new(Race, null, null, null, DateTimeOffset.UtcNow, false, false, [], 2, me);

    private static FormUrlEncodedContent Form(string page, string choice) => new(new Dictionary<string, string>
    {
        ["_handler"] = "result",
        ["__RequestVerificationToken"] = HtmlForms.AntiforgeryToken(page),
        ["RunChoice"] = choice,
    });

    /// <summary>The app with the race's page served from stubs; <paramref name="save"/> answers the result's PUT.</summary>
    private static Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> RacePageWith(Func<HttpRequestMessage, HttpResponseMessage> save) =>
        WebHost.SignedIn(services =>
        {
            services.AddTransient(_ => new TrainingApi(StubApi.Client(request => (request.Method.Method, request.RequestUri!.AbsolutePath) switch
            {
                ("PUT", var path) when path == $"/api/races/{Race.Id}/result" => save(request),
                (_, var path) when path == $"/api/races/{Race.Id}" => StubApi.Json(Detail(new MyParticipation(null, DateTimeOffset.UtcNow, null, false)) with
                {
                    ResultRuns = [Stopped, WarmUp],
                }),
                (_, "/api/plans") => StubApi.Json(Array.Empty<object>()),
                _ => new HttpResponseMessage(HttpStatusCode.NotFound),
            })));
            services.AddTransient(_ => new DataApi(StubApi.Client(_ => StubApi.Json(new Profile(null, null, null, null, null, null, "km", "Europe/Paris", 4, false)))));
        });

    public void Dispose() => _context.Dispose();
}
