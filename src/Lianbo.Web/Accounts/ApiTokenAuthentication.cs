using System.Security.Claims;
using System.Text.Encodings.Web;
using Lianbo.Core.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Lianbo.Web.Accounts;

/// <summary>
/// <c>Authorization: Bearer lb_…</c>: a personal API token stands for its owner, with the token's scope as a claim.
/// The API takes only tokens, never the site's cookie, so a page on another site cannot make a signed-in
/// browser call it.
/// </summary>
public sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    ApiTokens tokens, IMemoryCache claims)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";
    public const string ScopeClaim = "scope";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var found = await tokens.AuthenticateAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        if (found is not { } match)
        {
            return AuthenticateResult.Fail("The token is unknown, revoked or expired.");
        }

        var identity = new ClaimsIdentity(await ClaimsAsync(match.User), SchemeName);
        identity.AddClaim(new Claim(ScopeClaim, match.Token.Scope.ToString()));
        // For the endpoints that need a token fresh from a signed-in session (FreshSignIn).
        identity.AddClaim(new Claim(FreshSignIn.TokenOriginClaim, match.Token.CreatedFrom.ToString()));
        identity.AddClaim(new Claim(FreshSignIn.TokenCreatedClaim, FreshSignIn.Claim(match.Token.CreatedAt)));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    /// <summary>
    /// The user's claims (roles, organisation, language) take four queries to make, so they are kept for a while per
    /// version of the user: the key holds every column they come from, and the concurrency stamp, which Identity renews
    /// whenever roles change. A changed user is a new key; a revoked token never gets here.
    /// </summary>
    private async Task<Claim[]> ClaimsAsync(LianboUser user)
    {
        var key = (nameof(ApiTokenAuthenticationHandler), user.Id, user.ConcurrencyStamp, user.SecurityStamp, user.UserName, user.Email,
            user.OrganisationId, user.IsOrganisationAdmin, user.PreferredCulture);
        if (!claims.TryGetValue(key, out Claim[]? found) || found is null)
        {
            // Asked for only here: the factory brings a UserManager and its stores, which a request whose claims are kept
            // does not need.
            var principals = Context.RequestServices.GetRequiredService<IUserClaimsPrincipalFactory<LianboUser>>();
            found = [.. (await principals.CreateAsync(user)).Claims];
            claims.Set(key, found, new MemoryCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(5), Size = 1 });
        }

        return found;
    }
}