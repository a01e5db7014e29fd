using Lianbo.Core;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lianbo.Web.Platform;

/// <summary>How a use case's <see cref="Outcome{T}"/> goes out over HTTP: 200, 400 with field errors, 404, 403 or 409, as ProblemDetails.</summary>
public static class OutcomeResults
{
    public static Results<Ok<T>, ValidationProblem, ProblemHttpResult> ToHttp<T>(this Outcome<T> outcome) => outcome.Kind switch
    {
        OutcomeKind.Ok => TypedResults.Ok(outcome.Value),
        OutcomeKind.Invalid => TypedResults.ValidationProblem(outcome.Errors),
        _ => outcome.ToProblem(),
    };

    /// <summary>For use cases whose success has no body.</summary>
    public static Results<NoContent, ValidationProblem, ProblemHttpResult> ToNoContent<T>(this Outcome<T> outcome) => outcome.Kind switch
    {
        OutcomeKind.Ok => TypedResults.NoContent(),
        OutcomeKind.Invalid => TypedResults.ValidationProblem(outcome.Errors),
        _ => outcome.ToProblem(),
    };

    /// <summary>For use cases that create what <paramref name="location"/> then addresses (201 Created).</summary>
    public static Results<Created<T>, ValidationProblem, ProblemHttpResult> ToCreated<T>(this Outcome<T> outcome, Func<T, string> location) => outcome.Kind switch
    {
        OutcomeKind.Ok => TypedResults.Created(location(outcome.Value!), outcome.Value),
        OutcomeKind.Invalid => TypedResults.ValidationProblem(outcome.Errors),
        _ => outcome.ToProblem(),
    };

    /// <summary>For use cases whose success is a file to download.</summary>
    public static Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult> ToFile<T>(this Outcome<T> outcome, Func<T, FileContentHttpResult> file) => outcome.Kind switch
    {
        OutcomeKind.Ok => file(outcome.Value!),
        OutcomeKind.Invalid => TypedResults.ValidationProblem(outcome.Errors),
        _ => outcome.ToProblem(),
    };

    /// <summary>The same outcome with its value turned into another (a DTO for the wire); failures pass as they are.</summary>
    public static Outcome<TOut> Map<T, TOut>(this Outcome<T> outcome, Func<T, TOut> map) => outcome.Kind switch
    {
        OutcomeKind.Ok => Outcome<TOut>.Ok(map(outcome.Value!)),
        OutcomeKind.Invalid => Outcome<TOut>.Invalid(outcome.Errors),
        OutcomeKind.NotFound => Outcome<TOut>.NotFound(outcome.Detail ?? ""),
        OutcomeKind.Conflict => Outcome<TOut>.Conflict(outcome.Detail ?? ""),
        _ => Outcome<TOut>.Forbidden(outcome.Detail ?? ""),
    };

    private static ProblemHttpResult ToProblem<T>(this Outcome<T> outcome) => outcome.Kind switch
    {
        OutcomeKind.NotFound => TypedResults.Problem(outcome.Detail, statusCode: StatusCodes.Status404NotFound, title: Messages.Format("NotFoundTitle")),
        OutcomeKind.Conflict => TypedResults.Problem(outcome.Detail, statusCode: StatusCodes.Status409Conflict, title: Messages.Format("ConflictTitle")),
        _ => TypedResults.Problem(outcome.Detail, statusCode: StatusCodes.Status403Forbidden, title: Messages.Format("ForbiddenTitle")),
    };
}
