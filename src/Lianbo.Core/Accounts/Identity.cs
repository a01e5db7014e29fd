using Lianbo.Core.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lianbo.Core.Accounts;

public static class AccountsSetup
{
    /// <summary>
    /// Identity over the platform store and the account use cases. The web host adds sign-in and cookies on top;
    /// the CLI uses this alone.
    /// </summary>
    public static IdentityBuilder AddLianboAccounts(this IServiceCollection services)
    {
        services.AddOptions<MailOptions>().BindConfiguration(MailOptions.Section);
        services.AddOptions<AccountSecurityOptions>().BindConfiguration(AccountSecurityOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddMemoryCache();
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<MailSender>();
        services.AddSingleton<AccountEmailSender>();
        services.AddSingleton<IEmailSender<LianboUser>>(sp => sp.GetRequiredService<AccountEmailSender>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped<Accounts>();
        services.AddScoped<ApiTokens>();
        services.AddScoped<Organisations>();
        services.AddScoped<OrganisationLogos>();
        services.AddScoped<AuditLog>();
        services.AddScoped<UserAdmin>();
        return services.AddIdentityCore<LianboUser>(o =>
            {
                // Length over composition rules (NIST SP 800-63B).
                o.Password.RequiredLength = 10;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 4;
                o.User.RequireUniqueEmail = true;
                o.SignIn.RequireConfirmedEmail = true;
                // No lock per account, which anyone could trigger to keep a user out: SignInThrottle locks per account and address.
                o.Lockout.AllowedForNewUsers = false;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<LianboDbContext>()
            .AddErrorDescriber<LocalizedIdentityErrors>()
            .AddDefaultTokenProviders();
    }

    /// <summary>Creates the three roles where they are missing (at every start; cheap when they exist).</summary>
    public static async Task EnsureRolesAsync(RoleManager<IdentityRole> roles)
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }
    }
}

/// <summary>Identity's messages in the current UI culture.</summary>
public sealed class LocalizedIdentityErrors : IdentityErrorDescriber
{
    public override IdentityError PasswordTooShort(int length) => Error(nameof(PasswordTooShort), length);
    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) => Error(nameof(PasswordRequiresUniqueChars), uniqueChars);
    public override IdentityError DuplicateEmail(string email) => Error(nameof(DuplicateEmail), email);
    public override IdentityError DuplicateUserName(string userName) => Error(nameof(DuplicateEmail), userName);
    public override IdentityError InvalidEmail(string? email) => Error(nameof(InvalidEmail), email);
    public override IdentityError InvalidUserName(string? userName) => Error(nameof(InvalidEmail), userName);
    public override IdentityError InvalidToken() => Error(nameof(InvalidToken));
    public override IdentityError PasswordMismatch() => Error(nameof(PasswordMismatch));
    public override IdentityError DefaultError() => Error(nameof(DefaultError));

    private static IdentityError Error(string code, params object?[] args) =>
        new() { Code = code, Description = Messages.Format("Identity" + code, args) };
}

/// <param name="LockedOut">Some client address may not sign in to the account now, after repeated failures (counted across every web node).</param>
public sealed record UserDto(string Id, string? Email, string DisplayName, IReadOnlyList<string> Roles, Guid? OrganisationId, bool EmailConfirmed, bool LockedOut);

/// <summary>What organisers do with accounts: the first organiser and first tokens (from the CLI), roles, the user list.</summary>
public sealed class UserAdmin(LianboDbContext db, UserManager<LianboUser> users, AuditLog audit, ApiTokens tokens, SignInThrottle throttle, TimeProvider clock)
{
    /// <summary>An organiser account, confirmed at once; there is no default password, the caller gives one.</summary>
    public async Task<Outcome<string>> CreateOrganiserAsync(Viewer actor, string email, string displayName, string password)
    {
        var errors = new FieldErrors();
        if (!InputRules.IsEmail(email))
        {
            errors.Add("email", Messages.Format("BadEmail"));
        }

        InputRules.Require(errors, "displayName", displayName, 100);
        if (errors.Any)
        {
            return Outcome<string>.Invalid(errors.ToDictionary());
        }

        var user = new LianboUser { UserName = email.Trim(), Email = email.Trim(), EmailConfirmed = true, DisplayName = displayName.Trim(), CreatedAt = clock.GetUtcNow() };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            return Outcome<string>.Invalid(Accounts.IdentityErrors(created, "password"));
        }

        await users.AddToRoleAsync(user, Roles.Organiser);
        audit.Record(actor, "user.create-organiser", nameof(LianboUser), user.Id, after: new { roles = new[] { Roles.Organiser } });
        await db.SaveChangesAsync();
        return Outcome<string>.Ok(user.Id);
    }

    public async Task<Page<UserDto>> ListAsync(int page, int pageSize, CancellationToken ct = default)
    {
        var total = await db.Users.CountAsync(ct);
        var rows = await db.Users.AsNoTracking().OrderBy(u => u.Email).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        var ids = rows.Select(u => u.Id).ToList();
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ids.Contains(ur.UserId) select new { ur.UserId, r.Name })
            .ToListAsync(ct);
        var locked = await throttle.LockedAccountsAsync(rows.Select(u => u.Email).OfType<string>(), ct);
        var items = rows.Select(u => new UserDto(u.Id, u.Email, u.DisplayName, [.. roles.Where(r => r.UserId == u.Id).Select(r => r.Name!).Order(StringComparer.Ordinal)],
            u.OrganisationId, u.EmailConfirmed, u.Email is { } email && locked.Contains(email))).ToList();
        return new Page<UserDto>(items, total, page, pageSize);
    }

    /// <summary>An organiser sets a user's roles (organiser, analyst, participant); recorded with before and after.</summary>
    public async Task<Outcome<UserDto>> SetRolesAsync(Viewer actor, string userId, IReadOnlyList<string> wanted)
    {
        if (!actor.IsOrganiser)
        {
            return Outcome<UserDto>.Forbidden(Messages.Format("OrganisersOnly"));
        }

        var unknown = wanted.Where(r => !Roles.All.Contains(r)).ToList();
        if (unknown.Count > 0)
        {
            return Outcome<UserDto>.Invalid("roles", Messages.Format("UnknownRoles", string.Join(", ", unknown), string.Join(", ", Roles.All)));
        }

        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return Outcome<UserDto>.NotFound(Messages.Format("AccountNotFound"));
        }

        if (user.Id == actor.UserId && !wanted.Contains(Roles.Organiser))
        {
            return Outcome<UserDto>.Invalid("roles", Messages.Format("CannotDropOwnOrganiser"));
        }

        var before = await users.GetRolesAsync(user);
        await users.RemoveFromRolesAsync(user, before.Except(wanted));
        await users.AddToRolesAsync(user, wanted.Except(before).Distinct());
        await users.UpdateSecurityStampAsync(user);
        audit.Record(actor, "user.set-roles", nameof(LianboUser), user.Id, new { roles = before.Order(StringComparer.Ordinal) }, new { roles = wanted.Order(StringComparer.Ordinal) });
        await db.SaveChangesAsync();
        var after = await users.GetRolesAsync(user);
        return Outcome<UserDto>.Ok(new UserDto(user.Id, user.Email, user.DisplayName, [.. after.Order(StringComparer.Ordinal)], user.OrganisationId, user.EmailConfirmed,
            user.Email is { } email && (await throttle.LockedAccountsAsync([email])).Count > 0));
    }

    /// <summary>
    /// An organiser gives a user a first API token from the command line (the token is shown once, to the organiser,
    /// who passes it on). Recorded in the audit log; marked as made by the command line, so it cannot make more tokens
    /// nor delete the account: only a token made after the user's own sign-in can.
    /// </summary>
    public async Task<Outcome<NewApiToken>> CreateTokenAsync(Viewer actor, string email, string name, TokenScope scope, int days, CancellationToken ct = default)
    {
        if (!actor.IsOrganiser)
        {
            return Outcome<NewApiToken>.Forbidden(Messages.Format("OrganisersOnly"));
        }

        if (await users.FindByEmailAsync(email.Trim()) is not { } user)
        {
            return Outcome<NewApiToken>.Invalid("email", Messages.Format("NoAccountWithEmail", email.Trim()));
        }

        var issued = tokens.Issue(user.Id, name, scope, days, TokenOrigin.Cli);
        if (issued.Value is { } token)
        {
            audit.Record(actor, "token.create", nameof(ApiToken), token.Info.Id.ToString(),
                after: new { userId = user.Id, token.Info.Name, scope = token.Info.Scope.ToString(), token.Info.ExpiresAt, createdFrom = nameof(TokenOrigin.Cli) });
            await db.SaveChangesAsync(ct);
        }

        return issued;
    }
}
