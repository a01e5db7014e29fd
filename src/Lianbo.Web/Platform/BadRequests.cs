using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Lianbo.Core;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using Npgsql;

namespace Lianbo.Web.Platform;

/// <summary>
/// What a request the endpoints cannot take gets: a ProblemDetails body in the caller's language naming the field (400),
/// the methods the address takes (405) or the body type it takes (415).
/// </summary>
public static partial class BadRequests
{
    /// <summary>
    /// No text the platform keeps or looks up holds a NUL character: PostgreSQL can neither store nor compare one (error
    /// 22021, a server error) and no field needs one. A query value with one is refused here, naming it; one that comes
    /// another way is caught by <see cref="IsUnstorableText"/>. Pages' query values are the pages' own affair
    /// (<see cref="PageParameters"/> shows the page without them).
    /// </summary>
    public static void UseNulRefusal(this WebApplication app) =>
        app.Use(async (http, next) =>
        {
            if (http.GetEndpoint()?.Metadata.GetMetadata<ComponentTypeMetadata>() is null
                && http.Request.Query.FirstOrDefault(q => q.Key.Contains('\0', StringComparison.Ordinal) || q.Value.Any(v => v?.Contains('\0', StringComparison.Ordinal) == true)) is { Key: { } name })
            {
                var field = name.Replace("\0", "", StringComparison.Ordinal);
                await TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [Messages.Format("NulCharacter", Messages.Field(field))] }).ExecuteAsync(http);
                return;
            }

            await next(http);
        });

    // The title the framework gives every validation problem (HttpValidationProblemDetails), in English only.
    private const string ValidationTitle = "One or more validation errors occurred.";

    // The titles the framework gives a bare status (its reason phrase, in English only), said in the caller's language.
    private static readonly Dictionary<int, string> StatusTitles = new()
    {
        [StatusCodes.Status400BadRequest] = "BadRequestTitle",
        [StatusCodes.Status401Unauthorized] = "UnauthorizedTitle",
        [StatusCodes.Status403Forbidden] = "ForbiddenTitle",
        [StatusCodes.Status404NotFound] = "NotFoundTitle",
        [StatusCodes.Status405MethodNotAllowed] = "MethodNotAllowedTitle",
        [StatusCodes.Status409Conflict] = "ConflictTitle",
        [StatusCodes.Status415UnsupportedMediaType] = "UnsupportedMediaTypeTitle",
        [StatusCodes.Status429TooManyRequests] = "TooManyRequestsTitle",
    };

    /// <summary>
    /// Every ProblemDetails body on its way out, in the caller's language: the framework's own refusals (a value that does
    /// not bind, a body that is not the JSON expected) and text the store cannot hold, with the field under <c>errors</c>
    /// as in a validation problem; and the validation problem's title, which the framework writes in English.
    /// </summary>
    public static void Describe(ProblemDetailsContext context)
    {
        // The exception handler runs outside the localization middleware, whose culture ended with the exception.
        var culture = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = context.HttpContext.Features.Get<IRequestCultureFeature>()?.RequestCulture.UICulture ?? culture;
        try
        {
            if (context.Exception is BadHttpRequestException bad)
            {
                Describe(context.ProblemDetails, bad);
            }
            else if (context.Exception is null && context.ProblemDetails.Status == StatusCodes.Status400BadRequest && Unbound(context.HttpContext) is var (name, value))
            {
                Describe(context.ProblemDetails, name, Messages.Format("BadParameterValue", Messages.Field(name), Shown(value)));
            }
            else if (context.Exception is Lianbo.Trade.Store.TradeSnapshotMissingException missing)
            {
                // A reader node started before the writer published: its message says where it looked and what to start.
                context.ProblemDetails.Title = Messages.Format("TradeNoSnapshotTitle");
                context.ProblemDetails.Detail = missing.Message;
            }
            else if (context.Exception is { } e && IsUnstorableText(e))
            {
                context.ProblemDetails.Status = StatusCodes.Status400BadRequest;
                context.ProblemDetails.Detail = Messages.Format("NulCharacterStored");
            }

            if (context.ProblemDetails.Title == ValidationTitle || (context.ProblemDetails is HttpValidationProblemDetails && context.ProblemDetails.Title is null))
            {
                context.ProblemDetails.Title = Messages.Format("ValidationTitle");
            }
            else if (context.ProblemDetails.Status is { } status && StatusTitles.TryGetValue(status, out var title)
                && (context.ProblemDetails.Title is null || context.ProblemDetails.Title == ReasonPhrases.GetReasonPhrase(status)))
            {
                context.ProblemDetails.Title = Messages.Format(title);
            }

            if (context.ProblemDetails is HttpValidationProblemDetails validation)
            {
                foreach (var field in validation.Errors.Keys.ToList())
                {
                    validation.Errors[field] = [.. validation.Errors[field].Select(m => Annotated(field, m))];
                }
            }
        }
        finally
        {
            CultureInfo.CurrentUICulture = culture;
        }
    }

    // The DataAnnotations attributes' own messages ([Required], [Range], [StringLength] on request types, checked by
    // AddValidation) are English and name the property: said again in the caller's language, naming the field's label.
    private static string Annotated(string field, string message)
    {
        var label = Messages.Field(JsonNamingPolicy.CamelCase.ConvertName(field));
        return message switch
        {
            _ when AnnotationRequired().IsMatch(message) => Messages.Format("Required", label),
            _ when AnnotationRange().Match(message) is { Success: true } m => Messages.Format("OutOfRange", label, m.Groups["min"].Value, m.Groups["max"].Value),
            _ when AnnotationMaxLength().Match(message) is { Success: true } m => Messages.Format("TooLong", label, m.Groups["max"].Value),
            _ when AnnotationLength().Match(message) is { Success: true } m => Messages.Format("LengthBetween", label, m.Groups["min"].Value, m.Groups["max"].Value),
            _ => message,
        };
    }

    [GeneratedRegex(@"^The \S+ field is required\.$")]
    private static partial Regex AnnotationRequired();

    [GeneratedRegex(@"^The field \S+ must be between (?<min>\S+) and (?<max>\S+)\.$")]
    private static partial Regex AnnotationRange();

    [GeneratedRegex(@"^The field \S+ must be a string(?: or array type)? with a maximum length of '?(?<max>\d+)'?\.$")]
    private static partial Regex AnnotationMaxLength();

    [GeneratedRegex(@"^The field \S+ must be a string with a minimum length of (?<min>\d+) and a maximum length of (?<max>\d+)\.$")]
    private static partial Regex AnnotationLength();

    private static void Describe(ProblemDetails problem, BadHttpRequestException bad)
    {
        problem.Status = bad.StatusCode;
        var (field, message) = bad switch
        {
            { InnerException: JsonException { Path: null or "$" } json } => ("body", Messages.Format("BadJsonBody", json.LineNumber + 1, json.BytePositionInLine + 1)),
            { InnerException: JsonException json } => (Field(json.Path), Messages.Format("BadJsonValue", Messages.Field(Field(json.Path)), json.LineNumber + 1, json.BytePositionInLine + 1)),
            _ when BindFailure().Match(bad.Message) is { Success: true } m => (Name(m), Messages.Format("BadParameterValue", Messages.Field(Name(m)), Shown(m.Groups["value"].Value))),
            _ when Missing().Match(bad.Message) is { Success: true } m => (Name(m), Messages.Format("FieldRequired", Messages.Field(Name(m)))),
            _ => (null, bad.Message),
        };
        Describe(problem, field, message);
    }

    private static void Describe(ProblemDetails problem, string? field, string message)
    {
        problem.Detail = message;
        if (field is not null)
        {
            problem.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [message] };
        }
    }

    /// <summary>
    /// The endpoints are compiled (the request delegate generator), which answers a nullable route or query value that
    /// does not parse (<c>?page=abc</c> for an <c>int?</c>) with a bare 400 and no exception, unlike the runtime
    /// factory, which throws under ThrowOnBadRequest. The value is found again here, from the endpoint's binding
    /// metadata, as the generated code parsed it; only ever on that error path.
    /// </summary>
    private static (string Name, string Value)? Unbound(HttpContext http)
    {
        foreach (var parameter in http.GetEndpoint()?.Metadata.GetOrderedMetadata<IParameterBindingMetadata>() ?? [])
        {
            if (!parameter.HasTryParse)
            {
                continue;
            }

            var type = parameter.ParameterInfo.ParameterType;
            type = type.IsArray ? type.GetElementType()! : type;
            type = Nullable.GetUnderlyingType(type) ?? type;
            var values = http.Request.RouteValues.TryGetValue(parameter.Name, out var routed) && routed is string one ? new StringValues(one) : http.Request.Query[parameter.Name];
            foreach (var value in values)
            {
                if (!string.IsNullOrEmpty(value) && !Parses(type, value))
                {
                    return (Name(parameter.Name), value);
                }
            }
        }

        return null;
    }

    // As the generated code parses: Enum.TryParse<T>(value) for an enum, T.TryParse(value, InvariantCulture) otherwise.
    private static bool Parses(Type type, string value)
    {
        if (type.IsEnum)
        {
            return Enum.TryParse(type, value, ignoreCase: false, out _);
        }

        // The IParsable<T> method; bool and a few others implement it explicitly, with a public TryParse(string, out T) beside.
        var parsable = type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IParsable<>));
        var tryParse = parsable is null ? null : type.GetInterfaceMap(parsable).TargetMethods.FirstOrDefault(m => m.Name.EndsWith("TryParse", StringComparison.Ordinal));
        return tryParse is null || tryParse.Invoke(null, [value, CultureInfo.InvariantCulture, null]) is true;
    }

    /// <summary>
    /// The API's fallback matches before the router can say 405 or 415 (it takes every method and content type): when an
    /// endpoint has this address for other methods, a 405 naming them; when it has it for this method but another body
    /// type (a chain file sent without Content-Type: application/json), a 415 naming that. Null: no endpoint has it.
    /// </summary>
    public static ProblemHttpResult? NotTaken(HttpContext http)
    {
        var policies = http.RequestServices.GetRequiredService<ParameterPolicyFactory>();
        var endpoints = http.RequestServices.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true && !e.RoutePattern.Parameters.Any(p => p.IsCatchAll))
            .Where(e => Matches(e.RoutePattern, http, policies)).ToList();
        var path = http.Request.Path.Value;
        var methods = endpoints.SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Distinct().Order(StringComparer.Ordinal).ToList();
        if (methods.Count == 0)
        {
            return null;
        }

        if (!methods.Contains(http.Request.Method, StringComparer.OrdinalIgnoreCase))
        {
            http.Response.Headers.Allow = string.Join(", ", methods);
            return TypedResults.Problem(Messages.Format("MethodNotAllowed", path, string.Join(", ", methods), http.Request.Method), statusCode: StatusCodes.Status405MethodNotAllowed);
        }

        var types = endpoints.SelectMany(e => e.Metadata.GetMetadata<IAcceptsMetadata>()?.ContentTypes ?? []).Distinct();
        return TypedResults.Problem(Messages.Format("MediaTypeNotTaken", path, string.Join(", ", types)), statusCode: StatusCodes.Status415UnsupportedMediaType);
    }

    // The address against the pattern, constraints ({id:guid}) included, as the router matches it.
    private static bool Matches(RoutePattern pattern, HttpContext http, ParameterPolicyFactory policies)
    {
        var values = new RouteValueDictionary();
        if (!new TemplateMatcher(new RouteTemplate(pattern), new RouteValueDictionary(pattern.Defaults)).TryMatch(http.Request.Path, values))
        {
            return false;
        }

        return pattern.ParameterPolicies.All(p => p.Value.All(reference =>
            policies.Create(pattern.GetParameter(p.Key), reference) is not IRouteConstraint constraint
            || constraint.Match(http, null, p.Key, values, RouteDirection.IncomingRequest)));
    }

    // Enough of a value sent back to recognise it (a probe sends 10,000 characters).
    private static string Shown(string value) => value.Length <= 100 ? value : value[..100] + "…";

    // As the address spells it: a property of an [AsParameters] class is named "Page" in the framework's message.
    private static string Name(Match m) => Name(m.Groups["name"].Value);

    private static string Name(string name) => JsonNamingPolicy.CamelCase.ConvertName(name);

    // "$.members[0].stageId" → "members[0].stageId"
    private static string Field(string? path) => path is null or "$" ? "body" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    // The framework's messages (RequestDelegateFactory): 'Failed to bind parameter "int? page" from "abc".' and
    // 'Required parameter "string kind" was not provided from query string.'
    [GeneratedRegex("""^Failed to bind parameter "[^"]* (?<name>[^" ]+)" from "(?<value>.*)"\.$""", RegexOptions.Singleline)]
    private static partial Regex BindFailure();

    [GeneratedRegex("""^Required parameter "[^"]* (?<name>[^" ]+)" was not provided""")]
    private static partial Regex Missing();

    /// <summary>
    /// Text with a NUL character that reached PostgreSQL anyway (in a JSON body or a form), which refuses it with error
    /// 22021: the request's fault, not the server's, so a 400 and not a 500.
    /// </summary>
    public static bool IsUnstorableText(Exception e) =>
        e is PostgresException { SqlState: PostgresErrorCodes.CharacterNotInRepertoire } || (e.InnerException is { } inner && IsUnstorableText(inner));
}
