namespace Lianbo.Core;

/// <summary>The checks that several use cases make of text input.</summary>
internal static class InputRules
{
    public static bool IsEmail(string? value) =>
        value is { Length: > 3 and <= 256 } && new System.ComponentModel.DataAnnotations.EmailAddressAttribute().IsValid(value.Trim());

    public static void Require(FieldErrors errors, string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(field, Messages.Format("Required", Messages.Field(field)));
        }
        else
        {
            Limit(errors, field, value, maxLength);
        }
    }

    public static void Limit(FieldErrors errors, string field, string? value, int maxLength)
    {
        if (value is not null && value.Trim().Length > maxLength)
        {
            errors.Add(field, Messages.Format("TooLong", Messages.Field(field), maxLength));
        }
    }
}
