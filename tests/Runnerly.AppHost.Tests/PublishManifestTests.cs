using System.Text.Json.Nodes;
using Runnerly.Testing;

namespace Runnerly.AppHost.Tests;

public sealed class PublishManifestTests
{
    [Fact]
    public async Task Manifest_lists_every_service_and_describes_infrastructure_as_containers()
    {
        using var output = new TemporaryDirectory("runnerly-manifest-");

        // Local mode is forced to show that publishing ignores it.
        var result = await AppHostCommand.RunAsync(
            new Dictionary<string, string> { ["Runnerly__Infra"] = "local" },
            TimeSpan.FromMinutes(3),
            "--publisher", "manifest", "--output-path", output.Path);
        Assert.True(result.ExitCode == 0, result.Output);

        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output.Path, "aspire-manifest.json")))!;
        var resources = manifest["resources"]!.AsObject();

        Assert.StartsWith("project.", Type(resources, "identity"));
        Assert.StartsWith("project.", Type(resources, "data"));
        Assert.StartsWith("container.", Type(resources, "postgres"));
        Assert.StartsWith("container.", Type(resources, "redis"));
        // Deployed mail is the deployer's SMTP relay (a connection string azd asks for), never a mail catcher.
        Assert.DoesNotContain("container", Type(resources, "mail"));
        Assert.Contains("{mail.connectionString}", resources["identity"]!["env"]!["ConnectionStrings__mail"]!.GetValue<string>());
        Assert.Equal("value.v0", Type(resources, "identitydb"));
        Assert.Equal("value.v0", Type(resources, "datadb"));

        var identityEnvironment = resources["identity"]!["env"]!.AsObject();
        Assert.True(identityEnvironment.ContainsKey("ConnectionStrings__identitydb"));
        Assert.True(identityEnvironment.ContainsKey("ConnectionStrings__mail"));

        var dataEnvironment = resources["data"]!["env"]!.AsObject();
        Assert.True(dataEnvironment.ContainsKey("ConnectionStrings__datadb"));
        Assert.True(dataEnvironment.ContainsKey("ConnectionStrings__redis"));

        // Deployed, the gateway is the only public endpoint and strava talks to the real Strava.
        Assert.StartsWith("project.", Type(resources, "gateway"));
        Assert.Contains(resources["gateway"]!["bindings"]!.AsObject(), binding => binding.Value!["external"]?.GetValue<bool>() == true);
        Assert.DoesNotContain(resources["identity"]!["bindings"]!.AsObject(), binding => binding.Value!["external"]?.GetValue<bool>() == true);
        // Deployed as measured: requests and socket completions on the sockets' own threads.
        Assert.Equal("true", resources["gateway"]!["env"]!["Gateway__Transport__InlineScheduling"]!.GetValue<string>());
        Assert.Equal("1", resources["gateway"]!["env"]!["DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS"]!.GetValue<string>());
        Assert.StartsWith("project.", Type(resources, "strava"));
        Assert.False(resources.ContainsKey("strava-sim"));
        Assert.Equal("parameter.v0", Type(resources, "strava-client-id"));
        Assert.True(resources["strava-client-secret"]!["inputs"]!["value"]!["secret"]!.GetValue<bool>());
        Assert.Equal("{strava-client-secret.value}", resources["strava"]!["env"]!["Strava__ClientSecret"]!.GetValue<string>());

        // The strava worker's own client secret, and the webhook's verify token, are generated secrets shared by exactly the two sides.
        var stravaEnvironment = resources["strava"]!["env"]!.AsObject();
        Assert.Equal("{strava-worker-secret.value}", stravaEnvironment["ServiceClient__ClientSecret"]!.GetValue<string>());
        Assert.Equal("{strava-worker-secret.value}", identityEnvironment["Identity__Clients__strava-worker__Secret"]!.GetValue<string>());
        Assert.True(resources["strava-webhook-verify-token"]!["inputs"]!["value"]!["secret"]!.GetValue<bool>());
        Assert.EndsWith("/strava/webhook", stravaEnvironment["Strava__Webhook__CallbackUrl"]!.GetValue<string>());

        // The web signs runners in as the OAuth client "web"; its only redirect URIs are the public URL's.
        Assert.StartsWith("project.", Type(resources, "web"));
        Assert.DoesNotContain(resources["web"]!["bindings"]!.AsObject(), binding => binding.Value!["external"]?.GetValue<bool>() == true);
        Assert.Equal("{web-client-secret.value}", resources["web"]!["env"]!["Web__ClientSecret"]!.GetValue<string>());
        Assert.Equal("{web-client-secret.value}", identityEnvironment["Identity__Clients__web__Secret"]!.GetValue<string>());
        Assert.EndsWith("/signin-oidc", identityEnvironment["Identity__Clients__web__RedirectUris__0"]!.GetValue<string>());

        // The key rings of identity, strava and the web are encrypted at rest with one certificate the deployer gives.
        Assert.True(resources["data-protection-certificate"]!["inputs"]!["value"]!["secret"]!.GetValue<bool>());
        Assert.All(["identity", "strava", "web"], service =>
            Assert.Equal("{data-protection-certificate.value}", resources[service]!["env"]!["DataProtection__Certificate"]!.GetValue<string>()));
    }

    private static string Type(JsonObject resources, string name)
    {
        Assert.True(resources.ContainsKey(name), $"'{name}' is not in the manifest: {string.Join(", ", resources.Select(r => r.Key))}");
        return resources[name]!["type"]!.GetValue<string>();
    }
}
