using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Runnerly.Testing;

namespace Runnerly.Gateway.Tests;

/// <summary>The gateway reads account forms for the email they name; a form it cannot read is the client's error, never a 500.</summary>
public sealed class UnreadableFormTests(Upstreams upstreams) : IClassFixture<Upstreams>, IAsyncLifetime
{
    private const string Boundary = "form-boundary";

    private GatewayFactory _gateway = null!;

    public Task InitializeAsync()
    {
        _gateway = new GatewayFactory(upstreams, TestRedisServer.ConnectionString, new Dictionary<string, string?>
        {
            ["Gateway:Hardening:MaxRequestBodyBytes"] = "1024",
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task A_multipart_form_without_a_boundary_is_a_400()
    {
        using var client = await _gateway.CreateClientFromAsync(GatewayFactory.NewClientAddress());
        var broken = new StringContent("--x\r\nnot a part");
        broken.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data");

        using var response = await client.PostAsync("/identity/sign-up", broken);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_multipart_form_cut_off_before_its_last_boundary_is_a_400(bool chunked)
    {
        using var client = await _gateway.CreateClientFromAsync(GatewayFactory.NewClientAddress());
        var cutOff = $"--{Boundary}\r\nContent-Disposition: form-data; name=\"Email\"\r\n\r\nrunner@example.test\r\n" +
            $"--{Boundary}\r\nContent-Disposition: form-data; name=\"Password\"\r\n\r\ngue";

        using var response = await client.PostAsync("/identity/sign-in", Multipart(cutOff, chunked));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_multipart_form_cut_off_at_the_size_limit_is_a_413()
    {
        using var client = await _gateway.CreateClientFromAsync(GatewayFactory.NewClientAddress());
        var oversized = $"--{Boundary}\r\nContent-Disposition: form-data; name=\"Password\"\r\n\r\n{new string('x', 2000)}\r\n--{Boundary}--\r\n";

        using var response = await client.PostAsync("/identity/sign-in", Multipart(oversized, chunked: true));

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>();
        Assert.Equal((int)status, problem!.Status);
        Assert.Equal("The form could not be read", problem.Title);
    }

    private static HttpContent Multipart(string body, bool chunked)
    {
        HttpContent content = chunked ? new ChunkedBody(body) : new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={Boundary}");
        return content;
    }

    /// <summary>A body without a declared length, as a chunked upload sends it.</summary>
    private sealed class ChunkedBody(string body) : HttpContent
    {
        private readonly byte[] _body = Encoding.UTF8.GetBytes(body);

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(_body).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
