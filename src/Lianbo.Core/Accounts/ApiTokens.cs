using System.Security.Cryptography;
using System.Text;
using Lianbo.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Lianbo.Core.Accounts;

public sealed record ApiTokenDto(Guid Id, string Name, string Prefix, TokenScope Scope, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? RevokedAt, DateTimeOffset? LastUsedAt,
    TokenOrigin CreatedFrom);

/// <summary>The token itself appears here once, at creation; afterwards only its prefix is known.</summary>
public sealed record NewApiToken(string Token, ApiTokenDto Info);

/// <summary>Personal API tokens: created and revoked by their owner, stored as SHA-256, scoped, expiring.</summary>
public sealed class ApiTokens(LianboDbContext db, TimeProvider clock)
{
    public const string TokenPrefix = "lb_";
    public const int MaxDays = 365;

    /// <param name="origin">How the owner asked for it: a page of a signed-in session, another token, or an organiser's command line.</param>
    public async Task<Outcome<NewApiToken>> CreateAsync(string userId, string name, TokenScope scope, int days, TokenOrigin origin, CancellationToken ct = default)
    {
        var issued = Issue(userId, name, scope, days, origin);
        if (issued.IsValid)
        {
            await db.SaveChangesAsync(ct);
        }

        return issued;
    }

    /// <summary>The same, added to the context but not saved, for callers that save it together with something else.</summary>
    internal Outcome<NewApiToken> Issue(string userId, string name, TokenScope scope, int days, TokenOrigin origin)
    {
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 100)
        {
            errors.Add("name", Messages.Format("TokenName", 100));
        }

        if (days is < 1 or > MaxDays)
        {
            errors.Add("days", Messages.Format("OutOfRange", Messages.Field("days"), 1, MaxDays));
        }

        if (errors.Any)
        {
            return Outcome<NewApiToken>.Invalid(errors.ToDictionary());
        }

        var token = TokenPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow();
        var row = new ApiToken
        {
            Id = Guid.NewGuid(),
            UserId = userId,
            Name = name.Trim(),
            Hash = Hash(token),
            Prefix = token[..(TokenPrefix.Length + 6)],
            Scope = scope,
            CreatedFrom = origin,
            CreatedAt = now,
            ExpiresAt = now.AddDays(days),
        };
        db.ApiTokens.Add(row);
        return Outcome<NewApiToken>.Ok(new NewApiToken(token, row.ToDto()));
    }

    public async Task<List<ApiTokenDto>> ListAsync(string userId, CancellationToken ct = default) =>
        [.. (await Newest(userId).ToListAsync(ct)).Select(t => t.ToDto())];

    public async Task<Page<ApiTokenDto>> ListAsync(string userId, int page, int pageSize, CancellationToken ct = default) =>
        (await Newest(userId).ToPageAsync(page, pageSize, ct)).Map(t => t.ToDto());

    // The user's tokens, the newest first; the id keeps tokens made in the same instant in one order.
    private IQueryable<ApiToken> Newest(string userId) =>
        db.ApiTokens.AsNoTracking().Where(t => t.UserId == userId).OrderByDescending(t => t.CreatedAt).ThenBy(t => t.Id);

    /// <summary>Revokes one of the user's own tokens; another user's token is "not found", so ids leak nothing.</summary>
    public async Task<Outcome<ApiTokenDto>> RevokeAsync(string userId, Guid id, CancellationToken ct = default)
    {
        var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == id && t.UserId == userId, ct);
        if (token is null)
        {
            return Outcome<ApiTokenDto>.NotFound(Messages.Format("TokenNotFound"));
        }

        token.RevokedAt ??= clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return Outcome<ApiTokenDto>.Ok(token.ToDto());
    }

    /// <summary>The user a presented token stands for, and the token, if it is known, not revoked and not expired.</summary>
    public async Task<(LianboUser User, ApiToken Token)?> AuthenticateAsync(string presented, CancellationToken ct = default)
    {
        if (!presented.StartsWith(TokenPrefix, StringComparison.Ordinal) || presented.Length > 100)
        {
            return null;
        }

        var hash = Hash(presented);
        var now = clock.GetUtcNow();
        // One query for both: this runs on every request a token makes.
        var found = await db.ApiTokens.Where(t => t.Hash == hash && t.RevokedAt == null && t.ExpiresAt > now)
            .Join(db.Users, t => t.UserId, u => u.Id, (t, u) => new { Token = t, User = u })
            .FirstOrDefaultAsync(ct);
        if (found is not { Token: var token, User: var user })
        {
            return null;
        }

        // Recorded at most once a minute, so that reads do not each become writes.
        if (token.LastUsedAt is null || now - token.LastUsedAt > TimeSpan.FromMinutes(1))
        {
            token.LastUsedAt = now;
            await db.SaveChangesAsync(ct);
        }

        return (user, token);
    }

    internal static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    internal static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

internal static class ApiTokenMappings
{
    public static ApiTokenDto ToDto(this ApiToken t) => new(t.Id, t.Name, t.Prefix, t.Scope, t.CreatedAt, t.ExpiresAt, t.RevokedAt, t.LastUsedAt, t.CreatedFrom);
}
