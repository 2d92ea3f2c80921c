namespace Aspire.Hosting;

internal static class Gateway
{
    /// <summary>
    /// Kestrel runs each request on the socket's own thread, and the sockets complete their reads and writes there
    /// (<c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS</c>, read by the runtime at start, which then runs one socket
    /// thread per core): no hop through the thread pool per read. Safe only for code that never blocks a thread.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithInlineScheduling(this IResourceBuilder<ProjectResource> gateway) => gateway
        .WithEnvironment("Gateway__Transport__InlineScheduling", "true")
        .WithEnvironment("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
}
