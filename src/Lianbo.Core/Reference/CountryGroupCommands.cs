using System.Text.RegularExpressions;
using Lianbo.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Lianbo.Core.Reference;

public sealed record NewCountryGroup(string Code, string NameEn, string NameZh, string? Source, IReadOnlyList<string> Members);

/// <summary>Groups that organisers define themselves (a target market, a programme's eligible countries).</summary>
public sealed partial class CountryGroupCommands(LianboDbContext db)
{
    public async Task<Validated<CountryGroupDto>> CreateAsync(NewCountryGroup input, CancellationToken ct = default)
    {
        var errors = new FieldErrors();
        var code = input.Code.Trim().ToUpperInvariant();
        if (!CodePattern().IsMatch(code))
        {
            errors.Add("code", Messages.Format("GroupCodeFormat"));
        }
        else if (await db.CountryGroups.AnyAsync(g => g.Code == code, ct))
        {
            errors.Add("code", Messages.Format("GroupCodeTaken", code));
        }

        Require(errors, "nameEn", input.NameEn, 200);
        Require(errors, "nameZh", input.NameZh, 100);
        if (input.Source is { Length: > 1000 })
        {
            errors.Add("source", Messages.Format("TooLong", "source", 1000));
        }

        var members = input.Members.Select(m => m.Trim().ToUpperInvariant()).Where(m => m.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var known = await db.Countries.Where(c => members.Contains(c.Iso3)).Select(c => c.Iso3).ToListAsync(ct);
        if (members.Count == 0)
        {
            errors.Add("members", Messages.Format("GroupNeedsMembers"));
        }

        foreach (var unknown in members.Except(known, StringComparer.Ordinal))
        {
            errors.Add("members", Messages.Format("UnknownCountry", unknown));
        }

        if (errors.Any)
        {
            return Validated<CountryGroupDto>.Invalid(errors.ToDictionary());
        }

        var group = new CountryGroup
        {
            Code = code,
            NameEn = input.NameEn.Trim(),
            NameZh = input.NameZh.Trim(),
            Source = string.IsNullOrWhiteSpace(input.Source) ? null : input.Source.Trim(),
            AsOf = DateOnly.FromDateTime(DateTime.UtcNow),
            IsBuiltIn = false,
            Members = [.. members.Select(m => new CountryGroupMember { GroupCode = code, Iso3 = m })],
        };
        db.CountryGroups.Add(group);
        await db.SaveChangesAsync(ct);
        return Validated<CountryGroupDto>.Ok(new CountryGroupDto(group.Code, group.NameEn, group.NameZh, group.Source, group.AsOf, false, members.Count));
    }

    /// <summary>Removes an organiser's group; the built-in groups belong to the shipped data and stay.</summary>
    public async Task<Validated<string>> DeleteAsync(string code, CancellationToken ct = default)
    {
        var key = code.Trim().ToUpperInvariant();
        var group = await db.CountryGroups.FirstOrDefaultAsync(g => g.Code == key, ct);
        var errors = new FieldErrors();
        if (group is null)
        {
            errors.Add("code", Messages.Format("GroupNotFound", key));
        }
        else if (group.IsBuiltIn)
        {
            errors.Add("code", Messages.Format("GroupBuiltIn", key));
        }

        if (errors.Any)
        {
            return Validated<string>.Invalid(errors.ToDictionary());
        }

        db.CountryGroups.Remove(group!);
        await db.SaveChangesAsync(ct);
        return Validated<string>.Ok(key);
    }

    private static void Require(FieldErrors errors, string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(field, Messages.Format("Required", field));
        }
        else if (value.Trim().Length > maxLength)
        {
            errors.Add(field, Messages.Format("TooLong", field, maxLength));
        }
    }

    [GeneratedRegex("^[A-Z0-9][A-Z0-9_-]{1,31}$")]
    private static partial Regex CodePattern();
}
