using System.Text.Json;

namespace Runnerly.Testing.BadInput;

/// <summary>A service's operations as its OpenAPI document (<c>/openapi/v1.json</c>) describes them, schemas resolved.</summary>
public sealed record ApiDescription(IReadOnlyList<ApiOperation> Operations)
{
    public static async Task<ApiDescription> ReadAsync(HttpClient client, string path = "/openapi/v1.json")
    {
        using var document = JsonDocument.Parse(await client.GetStringAsync(path));
        var root = document.RootElement.Clone();
        var schemas = root.TryGetProperty("components", out var components) && components.TryGetProperty("schemas", out var s) ? s : default;
        var operations = new List<ApiOperation>();
        foreach (var pathItem in root.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in pathItem.Value.EnumerateObject().Where(o => o.Name is "get" or "post" or "put" or "patch" or "delete"))
            {
                var parameters = operation.Value.TryGetProperty("parameters", out var list)
                    ? list.EnumerateArray().Select(p => new ApiParameter(p.GetProperty("name").GetString()!, p.GetProperty("in").GetString()!,
                        p.TryGetProperty("required", out var required) && required.GetBoolean(), new ApiSchema(p.GetProperty("schema"), schemas))).ToList()
                    : [];
                var body = operation.Value.TryGetProperty("requestBody", out var requestBody)
                    && requestBody.GetProperty("content").EnumerateObject().FirstOrDefault(c => c.Name.Contains("json", StringComparison.Ordinal)) is { Value: var json }
                    && json.ValueKind == JsonValueKind.Object && json.TryGetProperty("schema", out var bodySchema)
                    ? new ApiSchema(bodySchema, schemas)
                    : null;
                operations.Add(new ApiOperation(operation.Name.ToUpperInvariant(), pathItem.Name, parameters, body));
            }
        }

        return new ApiDescription(operations);
    }
}

/// <summary>One operation: <c>POST /api/runs</c>.</summary>
public sealed record ApiOperation(string Method, string Path, IReadOnlyList<ApiParameter> Parameters, ApiSchema? Body)
{
    public override string ToString() => $"{Method} {Path}";
}

/// <summary>A route, query or header parameter.</summary>
public sealed record ApiParameter(string Name, string In, bool Required, ApiSchema Schema);

/// <summary>A JSON schema with <c>$ref</c>s followed: what kind of value it wants, and its parts.</summary>
public sealed class ApiSchema(JsonElement schema, JsonElement components)
{
    private JsonElement Resolved => schema.TryGetProperty("$ref", out var reference) && components.ValueKind == JsonValueKind.Object
        ? components.GetProperty(reference.GetString()!.Split('/')[^1])
        : schema;

    /// <summary><c>object</c>, <c>array</c>, <c>string</c>, <c>number</c>, <c>integer</c>, <c>boolean</c> (the non-null one of a list).</summary>
    public string Kind
    {
        get
        {
            var resolved = Resolved;
            if (!resolved.TryGetProperty("type", out var type))
            {
                return resolved.TryGetProperty("properties", out _) ? "object" : "any";
            }

            return type.ValueKind == JsonValueKind.Array
                ? type.EnumerateArray().Select(t => t.GetString()!).FirstOrDefault(t => t != "null") ?? "null"
                : type.GetString()!;
        }
    }

    public string? Format => Resolved.TryGetProperty("format", out var format) ? format.GetString() : null;

    public IReadOnlyList<string> Required => Resolved.TryGetProperty("required", out var required)
        ? required.EnumerateArray().Select(r => r.GetString()!).ToList()
        : [];

    public IEnumerable<(string Name, ApiSchema Schema)> Properties => Resolved.TryGetProperty("properties", out var properties)
        ? properties.EnumerateObject().Select(p => (p.Name, new ApiSchema(p.Value, components)))
        : [];

    public ApiSchema? Items => Resolved.TryGetProperty("items", out var items) ? new ApiSchema(items, components) : null;
}
