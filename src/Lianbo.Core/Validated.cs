namespace Lianbo.Core;

/// <summary>
/// The outcome of a use case that checks its input: a value, or errors keyed by the input field they concern
/// (the shape of a ProblemDetails <c>errors</c> member). Invalid input is an answer, not an exception.
/// </summary>
public sealed class Validated<T>
{
    private Validated(T? value, IReadOnlyDictionary<string, string[]> errors)
    {
        Value = value;
        Errors = errors;
    }

    public T? Value { get; }
    public IReadOnlyDictionary<string, string[]> Errors { get; }
    public bool IsValid => Errors.Count == 0;

    public static Validated<T> Ok(T value) => new(value, new Dictionary<string, string[]>());

    public static Validated<T> Invalid(IReadOnlyDictionary<string, string[]> errors) =>
        errors.Count > 0 ? new(default, errors) : throw new ArgumentException("An invalid result needs at least one error.", nameof(errors));
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
