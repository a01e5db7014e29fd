using System.Text.RegularExpressions;
using Lianbo.Core.Accounts;
using Lianbo.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Lianbo.Core.Reference;

public sealed record NewCountryGroup(string Code, string NameEn, string NameZh, string? Source, IReadOnlyList<string> Members);

/// <summary>Groups that organisers define themselves (a target market, a programme's eligible countries).</summary>
public sealed partial class CountryGroupCommands(LianboDbContext db, AuditLog audit)
{
    public async Task<Outcome<CountryGroupDto>> CreateAsync(Viewer actor, NewCountryGroup input, CancellationToken ct = default)
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

        InputRules.Require(errors, "nameEn", input.NameEn, 200);
        InputRules.Require(errors, "nameZh", input.NameZh, 100);
        if (input.Source is { Length: > 1000 })
        {
            errors.Add("source", Messages.Format("TooLong", Messages.Field("source"), 1000));
        }

        var members = input.Members.Select(m => m?.Trim().ToUpperInvariant() ?? "").Where(m => m.Length > 0).Distinct(StringComparer.Ordinal).ToList();
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
            return Outcome<CountryGroupDto>.Invalid(errors.ToDictionary());
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
        audit.Record(actor, "country-group.create", nameof(CountryGroup), code, after: new { group.NameEn, group.NameZh, members });
        await db.SaveChangesAsync(ct);
        return Outcome<CountryGroupDto>.Ok(new CountryGroupDto(group.Code, group.NameEn, group.NameZh, group.Source, group.AsOf, false, members.Count));
    }

    /// <summary>Removes an organiser's group; the built-in groups belong to the shipped data and stay.</summary>
    public async Task<Outcome<string>> DeleteAsync(Viewer actor, string code, CancellationToken ct = default)
    {
        var key = code.Trim().ToUpperInvariant();
        var group = await db.CountryGroups.FirstOrDefaultAsync(g => g.Code == key, ct);
        if (group is null)
        {
            return Outcome<string>.NotFound(Messages.Format("GroupNotFound", key));
        }

        if (group.IsBuiltIn)
        {
            return Outcome<string>.Invalid("code", Messages.Format("GroupBuiltIn", key));
        }

        db.CountryGroups.Remove(group);
        audit.Record(actor, "country-group.delete", nameof(CountryGroup), key, before: new { group.NameEn, group.NameZh });
        await db.SaveChangesAsync(ct);
        return Outcome<string>.Ok(key);
    }

    [GeneratedRegex("^[A-Z0-9][A-Z0-9_-]{1,31}$")]
    private static partial Regex CodePattern();
}
