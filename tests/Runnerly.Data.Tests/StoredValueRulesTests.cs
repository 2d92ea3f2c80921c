using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Runnerly.Data.Apis;

namespace Runnerly.Data.Tests;

/// <summary>A value that is stored must be one every reader can serve: what used to get in, and must not any more.</summary>
public sealed class StoredValueRulesTests(DataServiceFactory factory) : IClassFixture<DataServiceFactory>
{
    private const string ValidRun = """
        {"name":"Morning Run","sportType":"Run","startTime":"2026-10-31T07:30:00+01:00","timeZone":"Europe/Paris",
         "distanceMeters":10000,"movingTimeSeconds":3000,"elapsedTimeSeconds":3060,"elevationGainMeters":42}
        """;

    private async Task<HttpClient> RunnerAsync(string runnerId) =>
        factory.WithToken(await factory.CreateReadyClientAsync(), factory.Tokens.Runner(runnerId, "data"));

    /// <summary>The valid run with one field set to raw JSON (or removed when null).</summary>
    private static string RunWith(string field, string? json)
    {
        var run = JsonNode.Parse(ValidRun)!.AsObject();
        run.Remove(field);
        var text = run.ToJsonString();
        return json is null ? text : text.TrimEnd('}') + $",\"{field}\":{json}}}";
    }

    public static TheoryData<string, string?> PoisonousRunValues => new()
    {
        { "distanceMeters", "5e-324" },
        { "distanceMeters", "0.5" },
        { "maxSpeed", "5e-324" },
        { "maxSpeed", "400" },
        { "startTime", null },
        { "startTime", "\"0001-01-01T00:00:00Z\"" },
        { "startTime", "\"1899-12-31T12:00:00Z\"" },
        { "sportType", "\"Run,TrailRun\"" },
        { "sportType", "\" Run \"" },
        { "sportType", "\"run\"" },
        { "sportType", "\"0\"" },
        { "timeZone", "\"Pacific Standard Time\"" },
        { "timeZone", "\"localtime\"" },
        { "timeZone", "\"posix/Europe/Paris\"" },
        { "name", "\"Nul\\u0000run\"" },
        { "name", "\"Half \\ud800 a pair\"" },
        { "name", "\"Bell\\u0007\"" },
        { "summaryPolyline", "\"abc\\u0000\"" },
        { "summaryPolyline", "\"\\udc00\"" },
        { "elevationGainMeters", "-0.5" },
        { "averageCadence", "-1" },
        { "movingTimeSeconds", null },
        { "elapsedTimeSeconds", null },
        { "distanceMeters", null },
        { "movingTimeSeconds", "2000000" },
    };

    [Theory]
    [MemberData(nameof(PoisonousRunValues))]
    public async Task A_run_value_no_reader_could_serve_gets_a_400_naming_the_field_and_is_not_stored(string field, string? json)
    {
        using var client = await RunnerAsync($"poisoner-{Guid.NewGuid():N}");

        using var response = await client.PostAsync("/api/runs", new StringContent(RunWith(field, json), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.EnumerateObject().Any(e => e.Name.EndsWith(field, StringComparison.Ordinal)), errors.ToString());
        Assert.Empty((await client.GetFromJsonAsync<RunPage>("/api/runs"))!.Items);
    }

    [Fact]
    public async Task A_time_zone_alias_is_stored_as_its_canonical_IANA_id()
    {
        using var client = await RunnerAsync($"calcutta-{Guid.NewGuid():N}");

        using var created = await client.PostAsync("/api/runs", new StringContent(RunWith("timeZone", "\"Asia/Calcutta\""), Encoding.UTF8, "application/json"));
        using var profile = await client.PutAsJsonAsync("/api/profile", new ProfileApi.ProfileInput(null, null, null, null, null, null, "km", "US/Pacific", 4, false));

        Assert.Equal("Asia/Kolkata", (await created.Content.ReadFromJsonAsync<RunResponse>())!.TimeZone);
        Assert.Equal("America/Los_Angeles", (await profile.Content.ReadFromJsonAsync<ProfileApi.ProfileResponse>())!.TimeZone);
    }

    [Theory]
    [InlineData("timeZone", "\"Pacific Standard Time\"")]
    [InlineData("timeZone", "\"localtime\"")]
    [InlineData("sex", "\"female,male\"")]
    [InlineData("sex", "\"Female\"")]
    [InlineData("displayName", "\"Ada\\u0000\"")]
    [InlineData("displayName", "\"\\ud83d\"")]
    [InlineData("weightKg", "5e-324")]
    [InlineData("trainingDaysPerWeek", null)]
    [InlineData("monthlyReportOptOut", null)]
    public async Task A_profile_value_no_reader_could_serve_gets_a_400_naming_the_field(string field, string? json)
    {
        using var client = await RunnerAsync($"profiled-{Guid.NewGuid():N}");
        var profile = JsonNode.Parse("""{"units":"km","timeZone":"Europe/Paris","trainingDaysPerWeek":4,"monthlyReportOptOut":false}""")!.AsObject();
        profile.Remove(field);
        var body = json is null ? profile.ToJsonString() : profile.ToJsonString().TrimEnd('}') + $",\"{field}\":{json}}}";

        using var response = await client.PutAsync("/api/profile", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.EnumerateObject().Any(e => e.Name.EndsWith(field, StringComparison.Ordinal)), errors.ToString());
        Assert.Equal("UTC", (await client.GetFromJsonAsync<ProfileApi.ProfileResponse>("/api/profile"))!.TimeZone);
    }

    [Theory]
    [InlineData("/api/stats?period=year&to=0001-01-01", "to")]
    [InlineData("/api/stats?period=month&from=9999-12-01", "from")]
    [InlineData("/api/runs?before=LTE6MDE5MmY3YTQzYzFkN2IyZTlhNTE2ZjBkMmM4ZTRiMTM", "before")]
    [InlineData("/api/runs?limit=%00", "limit")]
    [InlineData("/api/runs?before=%00", "before")]
    [InlineData("/api/runs?limit=ten", "limit")]
    public async Task Junk_in_a_query_gets_a_400_naming_the_parameter(string url, string field)
    {
        using var client = await RunnerAsync($"querier-{Guid.NewGuid():N}");

        using var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), errors.ToString());
    }

    [Fact]
    public async Task A_body_in_an_unknown_character_set_gets_a_415_naming_the_content_type()
    {
        using var client = await RunnerAsync($"klingon-{Guid.NewGuid():N}");
        using var content = new StringContent(ValidRun, Encoding.UTF8);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("application/json; charset=klingon");

        using var response = await client.PostAsync("/api/runs", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("Content-Type", out _), errors.ToString());
    }
}
