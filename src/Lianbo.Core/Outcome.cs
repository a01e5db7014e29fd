namespace Lianbo.Core;

public enum OutcomeKind
{
    Ok,
    Invalid,
    NotFound,
    Forbidden,
    Conflict,
}

/// <summary>
/// The outcome of a use case: a value, or why not: errors keyed by the input field they concern (the shape
/// of a ProblemDetails <c>errors</c> member), not found, not allowed for this user, or in conflict with the
/// current state (a booth already given). Refusals are answers, not exceptions; the web layer maps them to 400,
/// 404, 403 and 409.
/// </summary>
public sealed class Outcome<T>
{
    private static readonly IReadOnlyDictionary<string, string[]> NoErrors = new Dictionary<string, string[]>();

    private Outcome(OutcomeKind kind, T? value, IReadOnlyDictionary<string, string[]> errors, string? detail)
    {
        Kind = kind;
        Value = value;
        Errors = errors;
        Detail = detail;
    }

    public OutcomeKind Kind { get; }
    public T? Value { get; }
    public IReadOnlyDictionary<string, string[]> Errors { get; }

    /// <summary>For not found, forbidden and conflict: one sentence for the user, in the current UI culture.</summary>
    public string? Detail { get; }

    public bool IsValid => Kind == OutcomeKind.Ok;

    public static Outcome<T> Ok(T value) => new(OutcomeKind.Ok, value, NoErrors, null);

    public static Outcome<T> Invalid(IReadOnlyDictionary<string, string[]> errors) =>
        errors.Count > 0 ? new(OutcomeKind.Invalid, default, errors, null) : throw new ArgumentException("An invalid outcome needs at least one error.", nameof(errors));

    public static Outcome<T> Invalid(string field, string message) => Invalid(new Dictionary<string, string[]> { [field] = [message] });

    public static Outcome<T> NotFound(string detail) => new(OutcomeKind.NotFound, default, NoErrors, detail);

    public static Outcome<T> Forbidden(string detail) => new(OutcomeKind.Forbidden, default, NoErrors, detail);

    public static Outcome<T> Conflict(string detail) => new(OutcomeKind.Conflict, default, NoErrors, detail);
}

/// <summary>Collects field errors while a use case checks its input.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }

        list.Add(message);
    }

    public IReadOnlyDictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
}
