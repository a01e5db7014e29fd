using System.Globalization;
using System.Security.Claims;
using Lianbo.Core;
using Lianbo.Core.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Lianbo.Web.Accounts;

/// <summary>
/// Creating API tokens and deleting the account need a recent sign-in (<see cref="AccountSecurityOptions.FreshSignInMinutes"/>):
/// a browser left signed in, or a stolen cookie or token, should not be enough to mint lasting access or erase the
/// account. Pages read the time of the password (and second-factor) sign-in from the cookie; the API takes only a
/// read-write token made on the tokens page within as many minutes, since that page itself needs a fresh sign-in.
/// </summary>
public static class FreshSignIn
{
    /// <summary>When the person last proved who they are (Unix seconds); kept when the cookie is refreshed or renewed.</summary>
    public const string SignedInAtClaim = "lianbo:signed-in-at";

    public const string TokenOriginClaim = "lianbo:token-origin";
    public const string TokenCreatedClaim = "lianbo:token-created";

    /// <summary>Whether the signed-in person proved who they are recently enough for a sensitive change.</summary>
    public static bool IsFresh(HttpContext http) =>
        Seconds(http.User.FindFirstValue(SignedInAtClaim)) is { } at && IsRecent(http, at);

    /// <summary>The sign-in page, saying why, and coming back to <paramref name="returnUrl"/>.</summary>
    public static string LoginUrl(string returnUrl) => "/account/login?fresh=true&ReturnUrl=" + Uri.EscapeDataString(returnUrl);

    public static int Minutes(HttpContext http) => http.RequestServices.GetRequiredService<IOptions<AccountSecurityOptions>>().Value.FreshSignInMinutes;

    /// <summary>
    /// For API endpoints that make tokens or delete the account: a read-write token, made on the tokens page (in a
    /// signed-in session, not by another token nor the command line) within the last minutes; otherwise a 403 saying what to do.
    /// </summary>
    public static RouteHandlerBuilder RequireFreshSessionToken(this RouteHandlerBuilder endpoint) =>
        endpoint.AddEndpointFilter(async (context, next) => Refusal(context.HttpContext) is { } problem ? problem : await next(context))
            .ProducesProblem(StatusCodes.Status403Forbidden);

    private static IResult? Refusal(HttpContext http)
    {
        var l = http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        var user = http.User;
        var reason = user.FindFirstValue(ApiTokenAuthenticationHandler.ScopeClaim) != nameof(TokenScope.ReadWrite) ? "FreshTokenReadOnly"
            : user.FindFirstValue(TokenOriginClaim) != nameof(TokenOrigin.Session) ? "FreshTokenNotFromSession"
            : Seconds(user.FindFirstValue(TokenCreatedClaim)) is not { } created || !IsRecent(http, created) ? "FreshTokenTooOld"
            : null;
        return reason is null ? null
            : TypedResults.Problem(l[reason, Minutes(http)], statusCode: StatusCodes.Status403Forbidden, title: Messages.Format("ForbiddenTitle"));
    }

    public static string Claim(DateTimeOffset at) => at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    private static long? Seconds(string? claim) => long.TryParse(claim, NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : null;

    private static bool IsRecent(HttpContext http, long seconds) =>
        http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds) < TimeSpan.FromMinutes(Minutes(http));

    /// <summary>Carries the sign-in time over when Identity's security-stamp check rebuilds the principal (every minute here).</summary>
    public static Task KeepSignInTime(SecurityStampRefreshingPrincipalContext context)
    {
        if (context.CurrentPrincipal?.FindFirst(SignedInAtClaim) is { } at && context.NewPrincipal?.Identity is ClaimsIdentity identity)
        {
            identity.AddClaim(new Claim(SignedInAtClaim, at.Value));
        }

        return Task.CompletedTask;
    }
}

/// <summary>
/// Identity's sign-in manager, stamping each sign-in with its time (<see cref="FreshSignIn.SignedInAtClaim"/>). A
/// refresh (after a role or setting change) keeps the time of the sign-in it refreshes: it proves nothing new.
/// </summary>
public sealed class LianboSignInManager(
    UserManager<LianboUser> users, IHttpContextAccessor context, IUserClaimsPrincipalFactory<LianboUser> principals, IOptions<IdentityOptions> options,
    ILogger<SignInManager<LianboUser>> logger, IAuthenticationSchemeProvider schemes, IUserConfirmation<LianboUser> confirmation, TimeProvider clock)
    : SignInManager<LianboUser>(users, context, principals, options, logger, schemes, confirmation)
{
    // Set while a refresh runs: the time to keep, or "0" (long ago) for a session that has none.
    private string? _refreshedTime;

    public override async Task RefreshSignInAsync(LianboUser user)
    {
        var current = await Context.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        _refreshedTime = current.Principal?.FindFirstValue(FreshSignIn.SignedInAtClaim) ?? "0";
        try
        {
            await base.RefreshSignInAsync(user);
        }
        finally
        {
            _refreshedTime = null;
        }
    }

    public override Task SignInWithClaimsAsync(LianboUser user, AuthenticationProperties? authenticationProperties, IEnumerable<Claim> additionalClaims) =>
        base.SignInWithClaimsAsync(user, authenticationProperties,
            [.. additionalClaims.Where(c => c.Type != FreshSignIn.SignedInAtClaim), new Claim(FreshSignIn.SignedInAtClaim, _refreshedTime ?? FreshSignIn.Claim(clock.GetUtcNow()))]);
}
