extern alias data;

using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Runnerly.Testing;

namespace Runnerly.Strava.Tests;

/// <summary>The data service on its own fresh database, trusting the tokens of the given issuer: where imported runs land.</summary>
public sealed class DataService(TestTokenIssuer tokens) : ServiceFactory<data::Program>("datadb")
{
    public TestTokenIssuer Tokens => tokens;

    /// <summary>The runner's runs from one source, as the data service holds them.</summary>
    public async Task<List<JsonElement>> RunsAsync(string runnerId, string source = "strava")
    {
        using var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", tokens.Runner(runnerId, "data"));
        var runs = new List<JsonElement>();
        string? next = null;
        do
        {
            var page = await client.GetFromJsonAsync<JsonElement>($"/api/runs?limit=100{(next is null ? "" : $"&before={Uri.EscapeDataString(next)}")}");
            runs.AddRange(page.GetProperty("items").EnumerateArray().Where(r => r.GetProperty("source").GetString() == source));
            next = page.GetProperty("next").GetString();
        }
        while (next is not null);
        return runs;
    }

    protected override void ConfigureService(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:redis", TestRedisServer.ConnectionString);
        builder.ConfigureServices(tokens.Trust);
    }
}
