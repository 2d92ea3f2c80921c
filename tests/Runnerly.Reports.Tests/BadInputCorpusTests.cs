using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Runnerly.Reports.Apis;
using Runnerly.Reports.Composition;
using Runnerly.Reports.Model;
using Runnerly.Testing.BadInput;

namespace Runnerly.Reports.Tests;

/// <summary>
/// The shared bad-input corpus over every operation of the reports service — the ones its OpenAPI
/// document describes and the developers' commands it leaves out — as the runner whose report
/// exists, as another runner and anonymously; then the unsubscribe link with altered tokens and
/// odd form bodies.
/// </summary>
public sealed class BadInputCorpusTests
{
    private const string Paris = "Europe/Paris";

    [Fact]
    public async Task Bad_input_anywhere_gets_a_4xx_naming_the_field_and_every_read_still_serves()
    {
        await using var rig = await ReportsRig.StartAsync();
        var runner = await rig.RunnerAsync("corpus");
        var other = await rig.RunnerAsync("corpus-other");
        await rig.AddRunAsync(runner, new DateTime(2026, 11, 12, 7, 0, 0), Paris, 8_000, TimeSpan.FromMinutes(42));
        await rig.Reports.Sweep.RunAsync(CancellationToken.None);
        Assert.Equal(ReportStatus.Sent, (await rig.Reports.WaitForEndAsync(runner, 2026, 11)).Status);

        var tokens = rig.Reports.Services.GetRequiredService<UnsubscribeTokens>();
        var runnerToken = tokens.Create(runner.Id);
        var otherToken = tokens.Create(other.Id);
        using var own = rig.Reports.RunnerClient(runner.Id);
        using var stranger = rig.Reports.RunnerClient(other.Id);
        using var anonymous = rig.Reports.CreateClient();
        using var identity = rig.Reports.CreateClient();
        identity.DefaultRequestHeaders.Authorization = new("Bearer", rig.Tokens.Service("identity-worker", "reports", "runners.delete"));
        using var developer = rig.Reports.CreateClient();
        developer.DefaultRequestHeaders.Add(CommandsApi.KeyHeader, ReportsRig.AdminKey);

        var described = await ApiDescription.ReadAsync(anonymous);
        var api = described with { Operations = [.. described.Operations, .. Commands] };
        var walks = new (string Who, Func<ApiOperation, HttpClient> ClientFor)[]
        {
            ("the runner", operation => operation.Path.StartsWith("/api/runners", StringComparison.Ordinal) ? identity
                : operation.Path.StartsWith("/commands", StringComparison.Ordinal) ? developer
                : operation.Path.StartsWith("/api", StringComparison.Ordinal) ? own
                : anonymous),
            ("another runner", operation => operation.Path.StartsWith("/api", StringComparison.Ordinal) ? stranger : anonymous),
            ("anonymous", _ => anonymous),
        };

        var problems = new List<string>();
        var requests = 0;
        BadInputCorpus? runnersCorpus = null;
        foreach (var (who, clientFor) in walks)
        {
            var corpus = new BadInputCorpus
            {
                ClientFor = clientFor,
                ValidValue = (_, parameter) => parameter.Name switch
                {
                    "year" => "2026",
                    "month" => "11",
                    "limit" => "12",
                    "token" => otherToken,
                    // Deleting or queueing for a runner who does not exist: the runner's own archive stays for the reads below.
                    "runnerId" => "corpus-nobody",
                    _ => null,
                },
                PageOperations = new HashSet<string> { "GET /reports/unsubscribe/{token}", "POST /reports/unsubscribe/{token}" },
            };
            problems.AddRange((await corpus.WalkAsync(api)).Select(problem => $"as {who}: {problem}"));
            requests += corpus.Requests;
            runnersCorpus ??= corpus;
        }

        problems.AddRange(await AlteredTokensAsync(anonymous, runnerToken));
        problems.AddRange(await FormBodiesAsync(anonymous, otherToken));
        requests += AlteredTokens(runnerToken).Count() * 2 + FormBodies().Count();

        // Every read of the runner whose report exists still serves: the list, the report, its chart, the preview, the unsubscribe page.
        problems.AddRange(await runnersCorpus!.ReadEverythingAsync(described));
        foreach (var url in new[] { "/api/reports?limit=1", "/api/reports?before=2026-12", "/api/reports/2026/11", "/api/reports/preview" })
        {
            if (await BadInputCorpus.ServesAsync(own, url) is { } problem)
            {
                problems.Add(problem);
            }
        }

        if (await rig.OptedOutAsync(runner))
        {
            problems.Add("an altered token unsubscribed the runner it was made from");
        }

        Assert.True(requests > 700, $"only {requests} bad requests were made");
        Assert.True(problems.Count == 0, $"{problems.Count} of {requests} bad requests went wrong:\n{string.Join('\n', problems.Take(150))}");
    }

    /// <summary>The developers' commands with a parameter: not in the OpenAPI document (not for clients), walked all the same.</summary>
    private static IEnumerable<ApiOperation> Commands =>
    [
        new("POST", "/commands/reports/runners/{runnerId}/send-last-month",
            [new ApiParameter("runnerId", "path", true, new ApiSchema(JsonDocument.Parse("""{"type":"string"}""").RootElement, default))], null),
    ];

    /// <summary>The runner's own token with one thing changed: a character, its length, its parts, NUL and odd bytes in it.</summary>
    private static IEnumerable<string> AlteredTokens(string token)
    {
        for (var i = 0; i < token.Length; i++)
        {
            if (token[i] != '.')
            {
                yield return token[..i] + (token[i] == 'A' ? 'B' : 'A') + token[(i + 1)..];
            }
        }

        var (id, signature) = (token.Split('.')[0], token.Split('.')[1]);
        foreach (var altered in new[]
        {
            token[..^1], token + "A", token + "=", $"{id}.", $".{signature}", $"{id}.{signature}.{signature}", $"{id}..{signature}", $"{signature}.{id}",
            $"{id}.{signature[..^4]}", $"{id}.%ED%A0%80", $"%FF{id}.{signature}",
            $"{id}.{signature}%20", $"{id}.{new string('A', 5_000)}", id.ToUpperInvariant() + "." + signature, $"{id}.{signature.ToLowerInvariant()}",
            // NUL inside the token (a path cannot carry a raw one: the server refuses it before any endpoint sees it).
            $"{WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes("\0"))}.{signature}", $"{id}.{new string('A', signature.Length)}",
            $"{WebEncoders.Base64UrlEncode([.. WebEncoders.Base64UrlDecode(id), 0])}.{signature}",
        })
        {
            yield return altered;
        }
    }

    private static async Task<List<string>> AlteredTokensAsync(HttpClient anonymous, string token)
    {
        var problems = new List<string>();
        foreach (var altered in AlteredTokens(token))
        {
            foreach (var method in new[] { HttpMethod.Get, HttpMethod.Post })
            {
                using var request = new HttpRequestMessage(method, $"/reports/unsubscribe/{altered}");
                if (method == HttpMethod.Post)
                {
                    request.Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" });
                }

                using var response = await anonymous.SendAsync(request);
                if (await UnsubscribeProblemAsync(response, expected: HttpStatusCode.NotFound) is { } problem)
                {
                    problems.Add($"{method} with token {Shorten(altered)}: {problem}");
                }
            }
        }

        return problems;
    }

    /// <summary>What a mail client, a scanner or a clumsy script might post to a valid link.</summary>
    private static IEnumerable<(string What, HttpContent Content)> FormBodies()
    {
        static HttpContent Raw(string body, string? contentType)
        {
            var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            content.Headers.ContentType = contentType is null ? null : MediaTypeHeaderValue.Parse(contentType);
            return content;
        }

        const string form = "application/x-www-form-urlencoded";
        yield return ("no body", Raw("", null));
        yield return ("an empty form", Raw("", form));
        yield return ("NUL in the value", Raw("List-Unsubscribe=One%00Click", form));
        yield return ("NUL in the name", Raw("List%00Unsubscribe=One-Click", form));
        yield return ("a lone surrogate", Raw("List-Unsubscribe=%ED%A0%80", form));
        yield return ("invalid UTF-8", new ByteArrayContent([0x4C, 0x3D, 0xFF, 0xFE]) { Headers = { ContentType = MediaTypeHeaderValue.Parse(form) } });
        yield return ("another value", Raw("List-Unsubscribe=Two-Clicks", form));
        yield return ("the field twice", Raw("List-Unsubscribe=One-Click&List-Unsubscribe=One-Click", form));
        yield return ("an extra field", Raw("List-Unsubscribe=One-Click&unexpected=%00", form));
        yield return ("a 1 MB value", Raw("List-Unsubscribe=" + new string('x', 1_000_000), form));
        yield return ("not a form", Raw("%%%&&&===", form));
        yield return ("an unknown charset", Raw("List-Unsubscribe=One-Click", form + "; charset=klingon"));
        yield return ("a cut-off multipart body", Raw("--b\r\nContent-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\nOne", "multipart/form-data; boundary=b"));
        yield return ("multipart without a boundary", Raw("List-Unsubscribe=One-Click", "multipart/form-data"));
        yield return ("JSON", Raw("""{"List-Unsubscribe":"One-Click"}""", "application/json"));
        yield return ("broken JSON", Raw("{", "application/json"));
        yield return ("plain text", Raw("One-Click", "text/plain"));
    }

    private static async Task<List<string>> FormBodiesAsync(HttpClient anonymous, string token)
    {
        var problems = new List<string>();
        foreach (var (what, content) in FormBodies())
        {
            using (content)
            {
                using var response = await anonymous.PostAsync($"/reports/unsubscribe/{token}", content);
                if (await UnsubscribeProblemAsync(response, expected: null) is { } problem)
                {
                    problems.Add($"POST with {what}: {problem}");
                }
            }
        }

        return problems;
    }

    /// <summary>Null when the unsubscribe link answered as it should: never a 5xx, a refusal as a page in the app's look (or a ProblemDetails).</summary>
    private static async Task<string?> UnsubscribeProblemAsync(HttpResponseMessage response, HttpStatusCode? expected)
    {
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync();
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (status >= 500 || (expected is { } wanted && response.StatusCode != wanted))
        {
            return $"{status} {Shorten(text)}";
        }

        return mediaType switch
        {
            "text/html" when text.Contains("<link rel=\"stylesheet\" href=\"/app.css\">", StringComparison.Ordinal) => null,
            "application/problem+json" when status >= 400 => null,
            _ => $"{status} answered as {mediaType ?? "nothing"}: {Shorten(text)}",
        };
    }

    private static string Shorten(string text) => text.Length > 120 ? text[..120] + "…" : text;
}
