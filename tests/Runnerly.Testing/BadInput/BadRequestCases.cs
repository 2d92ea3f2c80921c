using System.Text;
using System.Text.Json.Nodes;

namespace Runnerly.Testing.BadInput;

/// <summary>Where a bad value was put, which decides what the answer must name.</summary>
public enum BadPart
{
    Body,
    Query,
    Route,
    Header,
}

/// <summary>
/// One bad request: the operation, what was wrong with it, and the field (JSON path or parameter)
/// a 400 must name; null when any field will do (broken JSON names <c>$</c>).
/// </summary>
public sealed record BadRequestCase(ApiOperation Operation, BadPart Part, string What, string Url, byte[]? Body, string? ContentType, string? Field)
{
    public override string ToString() => $"{Operation} [{Part}: {What}]";
}

/// <summary>Every bad request the corpus makes of one operation, from valid examples with one thing broken at a time.</summary>
internal static class BadRequestCases
{
    private const string Placeholder = "__bad_input_placeholder__";
    private const int MaxDepth = 4;

    public static IEnumerable<BadRequestCase> For(ApiOperation operation, Func<ApiOperation, ApiParameter, string?> value, string? validBody)
    {
        string Url(ApiParameter? broken = null, string? with = null)
        {
            var path = operation.Path;
            var query = new List<string>();
            foreach (var parameter in operation.Parameters)
            {
                var text = parameter == broken ? with : value(operation, parameter) is { } valid ? Uri.EscapeDataString(valid) : null;
                if (parameter.In == "path")
                {
                    path = path.Replace($"{{{parameter.Name}}}", text ?? "x", StringComparison.Ordinal);
                }
                else if (parameter.In == "query" && text is not null)
                {
                    query.Add($"{Uri.EscapeDataString(parameter.Name)}={text}");
                }
            }

            return query.Count == 0 ? path : $"{path}?{string.Join('&', query)}";
        }

        foreach (var parameter in operation.Parameters.Where(p => p.In is "path" or "query"))
        {
            var part = parameter.In == "path" ? BadPart.Route : BadPart.Query;
            foreach (var junk in BadValues.Url(parameter.Schema, value(operation, parameter), inPath: part == BadPart.Route))
            {
                yield return new(operation, part, $"{parameter.Name}={Shorten(junk)}", Url(parameter, junk), Bytes(validBody), validBody is null ? null : "application/json", parameter.Name);
            }
        }

        if (operation.Parameters.FirstOrDefault(p => p.In == "query") is null && operation.Method == "GET")
        {
            yield return new(operation, BadPart.Query, "unknown=%00", $"{Url()}?unknown=%00", null, null, "unknown");
        }

        if (operation.Body is null || validBody is null)
        {
            yield break;
        }

        foreach (var (what, body, contentType, field) in WholeBodies(validBody))
        {
            yield return new(operation, what.StartsWith("Content-Type", StringComparison.Ordinal) ? BadPart.Header : BadPart.Body, what, Url(), body, contentType, field);
        }

        foreach (var (path, json) in FieldMutations(operation.Body, JsonNode.Parse(validBody), [], 0))
        {
            yield return new(operation, BadPart.Body, $"{Display(path)} = {Shorten(json ?? "(missing)")}", Url(), Bytes(Mutate(validBody, path, json)), "application/json", Display(path));
        }
    }

    /// <summary>The whole body broken: not JSON, the wrong kind of JSON, or sent as something else.</summary>
    private static IEnumerable<(string What, byte[] Body, string? ContentType, string? Field)> WholeBodies(string valid)
    {
        foreach (var raw in new[] { "", "{", "[", "}", "null", "[]", "\"x\"", "1", "{\"a\":}", valid + " garbage", new string('[', 10_000) })
        {
            yield return ($"body {Shorten(raw)}", Bytes(raw)!, "application/json", null);
        }

        yield return ("body with invalid UTF-8", [.. Bytes("{\"name\":\"")!, 0xFF, 0xFE, .. Bytes("\"}")!], "application/json", null);
        yield return ("body after a byte-order mark", [0xEF, 0xBB, 0xBF, .. Bytes(valid)!], "application/json", null);
        foreach (var contentType in new[] { "text/plain", "application/xml", "application/json; charset=klingon", "multipart/form-data" })
        {
            yield return ($"Content-Type: {contentType}", Bytes(valid)!, contentType, "Content-Type");
        }

        // Read as UTF-16, UTF-8 bytes are not JSON: a 400 may name the body rather than the header.
        yield return ("Content-Type: application/json; charset=utf-16", Bytes(valid)!, "application/json; charset=utf-16", null);

        yield return ("Content-Type missing", Bytes(valid)!, null, "Content-Type");
    }

    /// <summary>Each field (nested ones too) given each bad value, removed when required, and each object given a field it does not have.</summary>
    private static IEnumerable<(object[] Path, string? Json)> FieldMutations(ApiSchema schema, JsonNode? example, object[] path, int depth)
    {
        if (depth > MaxDepth)
        {
            yield break;
        }

        if (schema.Kind == "object")
        {
            if (path.Length > 0)
            {
                foreach (var json in BadValues.Json(schema, null))
                {
                    yield return (path, json);
                }
            }

            foreach (var required in schema.Required)
            {
                yield return ([.. path, required], null);
            }

            yield return ([.. path, "unexpected"], "{\"a\":[1,\"\\u0000\"]}");
            foreach (var (name, property) in schema.Properties)
            {
                foreach (var mutation in FieldMutations(property, example?[name], [.. path, name], depth + 1))
                {
                    yield return mutation;
                }
            }
        }
        else if (schema.Kind == "array")
        {
            foreach (var json in BadValues.Json(schema, null))
            {
                yield return (path, json);
            }

            if (example is JsonArray { Count: > 0 } items && schema.Items is { } itemSchema)
            {
                yield return (path, $"[{string.Join(',', Enumerable.Repeat(items[0]!.ToJsonString(), 1_001))}]");
                foreach (var mutation in FieldMutations(itemSchema, items[0], [.. path, 0], depth + 1))
                {
                    yield return mutation;
                }
            }
        }
        else
        {
            var valid = example is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
            foreach (var json in BadValues.Json(schema, valid))
            {
                yield return (path, json);
            }
        }
    }

    /// <summary>The valid body with the value at <paramref name="path"/> replaced by raw JSON (removed when null).</summary>
    private static string Mutate(string valid, object[] path, string? json)
    {
        if (path.Length == 0)
        {
            return json ?? "";
        }

        var root = JsonNode.Parse(valid)!;
        var parent = path[..^1].Aggregate(root, (node, segment) => segment is int index ? node[index]! : node[(string)segment] ??= new JsonObject());
        switch (path[^1], parent)
        {
            case (string name, JsonObject parentObject) when json is null:
                parentObject.Remove(name);
                break;
            case (string name, JsonObject parentObject):
                parentObject[name] = Placeholder;
                break;
            case (int index, JsonArray parentArray):
                parentArray[index] = json is null ? null : Placeholder;
                break;
        }

        return root.ToJsonString().Replace($"\"{Placeholder}\"", json, StringComparison.Ordinal);
    }

    /// <summary><c>runs[0].run.distanceMeters</c>, as validation errors name it.</summary>
    private static string Display(object[] path) => path.Length == 0 ? "$" : path.Aggregate("", (text, segment) =>
        segment is int index ? $"{text}[{index}]" : text.Length == 0 ? (string)segment : $"{text}.{segment}");

    private static byte[]? Bytes(string? text) => text is null ? null : Encoding.UTF8.GetBytes(text);

    private static string Shorten(string text) => text.Length > 40 ? $"{text[..20]}…({text.Length} chars)" : text;
}
