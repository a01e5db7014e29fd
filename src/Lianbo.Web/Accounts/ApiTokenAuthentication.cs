using System.Security.Claims;
using System.Text.Encodings.Web;
using Lianbo.Core.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Lianbo.Web.Accounts;

/// <summary>
/// <c>Authorization: Bearer lb_…</c>: a personal API token stands for its owner, with the token's scope as a claim.
/// The API takes only tokens, never the site's cookie, so a page on another site cannot make a signed-in
/// browser call it.
/// </summary>
public sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    ApiTokens tokens, IUserClaimsPrincipalFactory<LianboUser> principals)
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

        var principal = await principals.CreateAsync(match.User);
        var identity = new ClaimsIdentity(principal.Claims, SchemeName);
        identity.AddClaim(new Claim(ScopeClaim, match.Token.Scope.ToString()));
        // For the endpoints that need a token fresh from a signed-in session (FreshSignIn).
        identity.AddClaim(new Claim(FreshSignIn.TokenOriginClaim, match.Token.CreatedFrom.ToString()));
        identity.AddClaim(new Claim(FreshSignIn.TokenCreatedClaim, FreshSignIn.Claim(match.Token.CreatedAt)));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}
