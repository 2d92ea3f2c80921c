using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Runnerly.Web.Apis;

namespace Runnerly.Web.Tests;

public sealed class SignInGuardTests
{
    [Theory]
    [InlineData("/dashboard", "/dashboard")]
    [InlineData("/runs/2026/11?x=1", "/runs/2026/11?x=1")]
    [InlineData("//evil.example", null)]
    [InlineData("/\\evil.example", null)]
    [InlineData("/\t/evil.example", null)]
    [InlineData("https://evil.example/", null)]
    [InlineData("", null)]
    public void After_sign_in_a_runner_returns_only_to_a_page_of_this_site(string returnUrl, string? expected) =>
        Assert.Equal(expected, SignInApi.LocalOnly(returnUrl));

    [Fact]
    public async Task A_post_without_the_form_s_antiforgery_token_is_refused()
    {
        await using var web = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("ConnectionStrings:redis", "localhost:1,abortConnect=false"); // never reached on this path
            builder.UseSetting("Web:PublicUrl", "http://runnerly.test");
        });
        using var client = web.CreateClient(new() { AllowAutoRedirect = false });

        using var response = await client.PostAsync("/signout", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
