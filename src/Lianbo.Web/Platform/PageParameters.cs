using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Endpoints;

namespace Lianbo.Web.Platform;

/// <summary>
/// A page's query values that the page cannot read: "?page=abc" for a number, "?to=x" for an identifier, a NUL anywhere.
/// Blazor would throw while setting the page's parameters (a server error), and a NUL would reach PostgreSQL, which
/// cannot hold one. Such values are taken out of the address before the page renders; the page is then shown without
/// them, with a notice naming each (see the layout), and answers 400. An empty value counts as not given, as a form's
/// empty field sends it.
/// </summary>
public static class PageParameters
{
    /// <summary>A value left out, as the notice shows it.</summary>
    public sealed record Ignored(string Name, string Value, string Expected);

    private const string ItemKey = "Lianbo.IgnoredQueryValues";

    // The types Blazor reads from a query and how it reads them (UrlValueConstraint, invariant culture), with the
    // message key that says what the value should have been.
    private static readonly Dictionary<Type, (Func<string, bool> Reads, string Expected)> Readers = new()
    {
        [typeof(string)] = (_ => true, ""),
        [typeof(int)] = (s => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out _), "ValueWholeNumber"),
        [typeof(long)] = (s => long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out _), "ValueWholeNumber"),
        [typeof(decimal)] = (s => decimal.TryParse(s, NumberStyles.Number, CultureInfo.InvariantCulture, out _), "ValueNumber"),
        [typeof(double)] = (s => double.TryParse(s, NumberStyles.Number, CultureInfo.InvariantCulture, out _), "ValueNumber"),
        [typeof(float)] = (s => float.TryParse(s, NumberStyles.Number, CultureInfo.InvariantCulture, out _), "ValueNumber"),
        [typeof(bool)] = (s => bool.TryParse(s, out _), "ValueTrueFalse"),
        [typeof(Guid)] = (s => Guid.TryParse(s, out _), "ValueGuid"),
        [typeof(DateTime)] = (s => DateTime.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out _), "ValueDate"),
        [typeof(DateOnly)] = (s => DateOnly.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out _), "ValueDate"),
        [typeof(TimeOnly)] = (s => TimeOnly.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out _), "ValueTime"),
    };

    private static readonly ConcurrentDictionary<Type, Dictionary<string, Type>> QueryParameters = new();

    /// <summary>After routing, before the page runs: the page's query values it could not read are left out.</summary>
    public static void UsePageParameters(this WebApplication app) =>
        app.Use(async (http, next) =>
        {
            if (http.GetEndpoint()?.Metadata.GetMetadata<ComponentTypeMetadata>() is { } page && http.Request.QueryString.HasValue)
            {
                Check(http, QueryParameters.GetOrAdd(page.Type, Declared));
            }

            await next(http);
        });

    /// <summary>The values left out of this request's address, for the layout's notice.</summary>
    public static IReadOnlyList<Ignored> IgnoredValues(HttpContext? http) =>
        http?.Items[ItemKey] as IReadOnlyList<Ignored> ?? [];

    private static void Check(HttpContext http, Dictionary<string, Type> declared)
    {
        var kept = new List<string>();
        var ignored = new List<Ignored>();
        var pairs = http.Request.QueryString.Value![1..].Split('&', StringSplitOptions.RemoveEmptyEntries);
        foreach (var pair in pairs)
        {
            var separator = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Decode(separator < 0 ? pair : pair[..separator]);
            var value = separator < 0 ? "" : Decode(pair[(separator + 1)..]);
            if (!declared.TryGetValue(name, out var type))
            {
                kept.Add(pair);
            }
            else if (value.Contains('\0', StringComparison.Ordinal))
            {
                ignored.Add(new Ignored(name, Shown(value), "ValueNoNul"));
            }
            else if (type == typeof(string) || (value.Length > 0 && Readers[type].Reads(value)))
            {
                kept.Add(pair);
            }
            else if (value.Length > 0)
            {
                ignored.Add(new Ignored(name, Shown(value), Readers[type].Expected));
            }
        }

        if (kept.Count == pairs.Length)
        {
            return;
        }

        http.Request.QueryString = kept.Count == 0 ? QueryString.Empty : new QueryString("?" + string.Join('&', kept));
        if (ignored.Count > 0)
        {
            http.Items[ItemKey] = ignored;
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
        }
    }

    // The page's [SupplyParameterFromQuery] properties by the name the address uses (any case, as Blazor matches them),
    // with the element type for arrays and the underlying type for nullables; types Blazor cannot read are not checked.
    private static Dictionary<string, Type> Declared(Type page) =>
        page.GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            .Select(p => (Property: p, Attribute: p.GetCustomAttribute<SupplyParameterFromQueryAttribute>()))
            .Where(p => p.Attribute is not null)
            .Select(p => (Name: p.Attribute!.Name ?? p.Property.Name, Type: Underlying(p.Property.PropertyType)))
            .Where(p => Readers.ContainsKey(p.Type))
            .ToDictionary(p => p.Name, p => p.Type, StringComparer.OrdinalIgnoreCase);

    private static Type Underlying(Type type)
    {
        var element = type.IsArray ? type.GetElementType()! : type;
        return Nullable.GetUnderlyingType(element) ?? element;
    }

    private static string Decode(string part) => Uri.UnescapeDataString(part.Replace('+', ' '));

    // Enough of the value to recognise it, without control characters.
    private static string Shown(string value)
    {
        var visible = new string([.. value.Take(40).Select(c => char.IsControl(c) ? '\uFFFD' : c)]);
        return value.Length > 40 ? visible + "…" : visible;
    }
}
