using System.Security.Claims;
using Lianbo.Core.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;

namespace Lianbo.Web.Accounts;

/// <summary>Sign-in for pages (Identity's cookie), tokens for the API, and the authorization policies.</summary>
public static class AccountsWeb
{
    public const string OrganisationClaim = "lianbo:organisation";

    /// <summary>The sign-in cookie's name.</summary>
    public const string AuthCookie = "lianbo.auth";
    public const string OrganisationAdminClaim = "lianbo:organisation-admin";

    /// <summary>Any signed-in API caller; read-only tokens may only read.</summary>
    public const string ApiUser = "api-user";

    /// <summary>An API caller whose token may write.</summary>
    public const string ApiWriter = "api-writer";

    public const string ApiOrganiser = "api-organiser";
    public const string ApiOrganiserWriter = "api-organiser-writer";
    public const string ApiAnalyst = "api-analyst";
    public const string ApiAnalystWriter = "api-analyst-writer";

    /// <summary>Pages for signed-in people, for organisers, and for analysts and organisers.</summary>
    public const string PageUser = "page-user";
    public const string PageOrganiser = "page-organiser";
    public const string PageAnalyst = "page-analyst";

    public static IServiceCollection AddLianboAuth(this IServiceCollection services)
    {
        services.AddLianboAccounts()
            .AddSignInManager<LianboSignInManager>()
            .AddClaimsPrincipalFactory<LianboClaimsFactory>();
        services.AddAuthentication(IdentityConstants.ApplicationScheme)
            .AddIdentityCookies(cookies => cookies.ApplicationCookie?.Configure(o =>
            {
                o.LoginPath = "/account/login";
                o.LogoutPath = "/account/logout";
                o.AccessDeniedPath = "/account/denied";
                o.Cookie.Name = AuthCookie;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.SlidingExpiration = true;
                o.ExpireTimeSpan = TimeSpan.FromDays(7);
            }));
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiUser, p => p.AddAuthenticationSchemes(ApiTokenAuthenticationHandler.SchemeName).RequireAuthenticatedUser())
            .AddPolicy(ApiWriter, p => p.AddAuthenticationSchemes(ApiTokenAuthenticationHandler.SchemeName).RequireAuthenticatedUser()
                .RequireClaim(ApiTokenAuthenticationHandler.ScopeClaim, nameof(TokenScope.ReadWrite)))
            .AddPolicy(ApiOrganiser, p => p.AddAuthenticationSchemes(ApiTokenAuthenticationHandler.SchemeName).RequireRole(Roles.Organiser))
            .AddPolicy(ApiOrganiserWriter, p => p.AddAuthenticationSchemes(ApiTokenAuthenticationHandler.SchemeName).RequireRole(Roles.Organiser)
                .RequireClaim(ApiTokenAuthenticationHandler.ScopeClaim, nameof(TokenScope.ReadWrite)))
            .AddPolicy(ApiAnalyst, p => p.AddAuthenticationSchemes(ApiTokenAuthenticationHandler.SchemeName).RequireRole(Roles.Analyst, Roles.Organiser))
            .AddPolicy(ApiAnalystWriter, p => p.AddAuthenticationSchemes(ApiTokenAuthenticationHandler.SchemeName).RequireRole(Roles.Analyst, Roles.Organiser)
                .RequireClaim(ApiTokenAuthenticationHandler.ScopeClaim, nameof(TokenScope.ReadWrite)))
            .AddPolicy(PageUser, p => p.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme).RequireAuthenticatedUser())
            .AddPolicy(PageOrganiser, p => p.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme).RequireRole(Roles.Organiser))
            .AddPolicy(PageAnalyst, p => p.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme).RequireRole(Roles.Analyst, Roles.Organiser));
        services.AddCascadingAuthenticationState();
        services.AddSingleton<PublicLinks>();
        // A changed role or a deleted account reaches signed-in sessions within a minute, not half an hour.
        services.Configure<SecurityStampValidatorOptions>(o =>
        {
            o.ValidationInterval = TimeSpan.FromMinutes(1);
            o.OnRefreshingPrincipal = FreshSignIn.KeepSignInTime;
        });
        return services;
    }

    /// <summary>The viewer the use cases need, from the signed-in principal; null for anonymous requests.</summary>
    public static Viewer? ToViewer(this ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true || principal.FindFirstValue(ClaimTypes.NameIdentifier) is not { } id)
        {
            return null;
        }

        Guid? organisation = Guid.TryParse(principal.FindFirstValue(OrganisationClaim), out var org) ? org : null;
        var roles = principal.FindAll(ClaimTypes.Role).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        return new Viewer(id, organisation, principal.HasClaim(OrganisationAdminClaim, "true"), roles);
    }

    /// <summary>For endpoints behind an authorization policy, where a viewer is certain.</summary>
    public static Viewer RequireViewer(this ClaimsPrincipal principal) =>
        principal.ToViewer() ?? throw new InvalidOperationException("This endpoint needs an authorization policy.");
}

/// <summary>Puts the organisation and the admin flag into the principal, beside Identity's id, name and roles.</summary>
public sealed class LianboClaimsFactory(UserManager<LianboUser> users, RoleManager<IdentityRole> roles, Microsoft.Extensions.Options.IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<LianboUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(LianboUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.OrganisationId is { } org)
        {
            identity.AddClaim(new Claim(AccountsWeb.OrganisationClaim, org.ToString()));
        }

        if (user.IsOrganisationAdmin)
        {
            identity.AddClaim(new Claim(AccountsWeb.OrganisationAdminClaim, "true"));
        }

        if (user.PreferredCulture is { } culture)
        {
            identity.AddClaim(new Claim(CultureClaim, culture));
        }

        return identity;
    }

    public const string CultureClaim = "lianbo:culture";
}
