extern alias data;

using System.Text.Json;
using Runnerly.Testing;

namespace Runnerly.Strava.Tests;

/// <summary>The data service on its own fresh database, trusting the tokens of the given issuer: where imported runs land.</summary>
public sealed class DataService(TestTokenIssuer tokens) : DataServiceHost<data::Program>(tokens)
{
    /// <summary>The runner's runs from one source (Strava's unless told), as the data service holds them.</summary>
    public Task<List<JsonElement>> SourcedRunsAsync(string runnerId, string source = "strava") => RunsAsync(runnerId, source);
}
