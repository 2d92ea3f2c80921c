using System.Data;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Runnerly.Testing;

namespace Runnerly.Data.Tests;

/// <summary>
/// The safety net every service with a database has (<c>AddWriteConflictAnswers</c>): a write path that does not catch
/// its own conflict — one added later — answers 409, not 500. Played with real conflicts in PostgreSQL: the row is
/// deleted, or changed inside the endpoint's transaction, by another writer between the endpoint's read and its save.
/// </summary>
public sealed class WriteConflictAnswersTests : IAsyncLifetime
{
    private readonly PostgresDatabase _database = new();
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseTestServer();
        builder.AddServiceDefaults();
        builder.AddWriteConflictAnswers();
        builder.Services.AddDbContext<Notes>(options => options.UseNpgsql(_database.ConnectionString));
        _app = builder.Build();
        _app.UseServiceDefaults();
        _app.MapPut("/notes/{id:int}", async (int id, Notes notes, IServiceProvider services) =>
        {
            var note = await notes.Items.SingleAsync(n => n.Id == id);
            await using (var otherRequest = services.CreateAsyncScope())
            {
                await otherRequest.ServiceProvider.GetRequiredService<Notes>().Items.Where(n => n.Id == id).ExecuteDeleteAsync();
            }

            note.Text = "changed";
            await notes.SaveChangesAsync(); // no catch: the path the safety net is for
            return Results.NoContent();
        });
        _app.MapPost("/notes/{id:int}/in-a-transaction", async (int id, Notes notes, IServiceProvider services) =>
        {
            await using var transaction = await notes.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead);
            var note = await notes.Items.SingleAsync(n => n.Id == id);
            await using (var otherRequest = services.CreateAsyncScope())
            {
                await otherRequest.ServiceProvider.GetRequiredService<Notes>().Items.Where(n => n.Id == id)
                    .ExecuteUpdateAsync(set => set.SetProperty(n => n.Text, "changed elsewhere"));
            }

            note.Text = "changed";
            await notes.SaveChangesAsync(); // PostgreSQL: could not serialize access due to concurrent update
            await transaction.CommitAsync();
            return Results.NoContent();
        });
        await _app.StartAsync();
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var notes = scope.ServiceProvider.GetRequiredService<Notes>();
            await notes.Database.EnsureCreatedAsync();
            notes.Items.AddRange(new Note { Id = 1, Text = "first" }, new Note { Id = 2, Text = "second" });
            await notes.SaveChangesAsync();
        }

        _client = _app.GetTestClient();
    }

    [Fact]
    public async Task An_api_client_gets_409_problem_details()
    {
        using var response = await _client.PutAsync("/notes/1", null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>();
        Assert.Equal(409, problem?.Status);
        Assert.Contains("Reload it to see where it stands", problem?.Detail);
    }

    [Fact]
    public async Task A_transaction_that_lost_to_another_gets_409()
    {
        using var response = await _client.PostAsync("/notes/1/in-a-transaction", null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(409, (await response.Content.ReadFromJsonAsync<ProblemDetails>())?.Status);
    }

    [Fact]
    public async Task A_browser_gets_the_apps_page_saying_so()
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "/notes/2");
        request.Headers.Accept.ParseAdd("text/html");

        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("Changed at the same moment — Runnerly", page);
        Assert.Contains("Reload it to see where it stands", page);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
        await _database.DisposeAsync();
    }

    private sealed class Notes(DbContextOptions<Notes> options) : DbContext(options)
    {
        public DbSet<Note> Items => Set<Note>();
    }

    private sealed class Note
    {
        public int Id { get; set; }

        public string Text { get; set; } = "";
    }
}
