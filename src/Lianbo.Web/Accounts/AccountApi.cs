using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Lianbo.Core;
using Lianbo.Core.Accounts;
using Lianbo.Core.Reference;
using Lianbo.Web.Platform;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lianbo.Web.Accounts;

/// <summary>The signed-in user's account and tokens, organisations, users and the audit log, over personal API tokens.</summary>
public static class AccountApi
{
    public sealed record NewTokenRequest([Required, StringLength(100)] string Name, TokenScope Scope = TokenScope.Read, [Range(1, ApiTokens.MaxDays)] int Days = 90);

    public sealed record InvitationRequest([Required, StringLength(256)] string Email);

    public sealed record RolesRequest([Required] List<string> Roles);

    public sealed record CountryGroupRequest([Required] string Code, [Required] string NameEn, [Required] string NameZh, string? Source, [Required] List<string> Members);

    private const string FreshTokenRule = "Needs a read-write token made on the page /account/tokens (after signing in) within the last "
        + "Lianbo:Security:FreshSignInMinutes (10) minutes; tokens made by other tokens or by the command line are refused with 403.";

    public static void MapAccountApi(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/api/me").WithTags("Account");
        me.MapGet("", Me).RequireAuthorization(AccountsWeb.ApiUser).WithSummary("The caller's account");
        me.MapGet("/tokens", ListTokens)
            .RequireAuthorization(AccountsWeb.ApiUser).WithSummary("The caller's API tokens (never the tokens themselves), the newest first (page from 1, pageSize 1–200, default 50)");
        me.MapPost("/tokens", CreateToken).RequireAuthorization(AccountsWeb.ApiUser).RequireFreshSessionToken()
            .WithSummary("Create a token; the response holds it, once").WithDescription(FreshTokenRule);
        me.MapDelete("/tokens/{id:guid}", async (Guid id, ClaimsPrincipal user, ApiTokens tokens, CancellationToken ct) =>
            (await tokens.RevokeAsync(user.RequireViewer().UserId, id, ct)).ToHttp()).RequireAuthorization(AccountsWeb.ApiWriter).WithSummary("Revoke a token");
        me.MapGet("/export", Export).RequireAuthorization(AccountsWeb.ApiUser).WithSummary("Everything stored about the caller, as JSON");
        me.MapDelete("", async (ClaimsPrincipal user, Core.Accounts.Accounts accounts, CancellationToken ct) =>
            (await accounts.DeleteAsync(user.RequireViewer().UserId, ct)).ToNoContent()).RequireAuthorization(AccountsWeb.ApiUser).RequireFreshSessionToken()
            .WithSummary("Delete the caller's account and personal data").WithDescription(FreshTokenRule);

        var orgs = app.MapGroup("/api/organisations").WithTags("Organisations");
        orgs.MapGet("", ListOrganisations).AllowAnonymous().PublicRead().WithSummary($"The public directory by English name, a page at a time (page from 1, pageSize 1–{PageRequest.MaxSize}, default {PageRequest.DefaultSize})");
        orgs.MapGet("/{id:guid}", GetOrganisation).AllowAnonymous().PublicRead().WithSummary("An organisation; contact details only for those who may see them");
        orgs.MapPut("/{id:guid}", async (Guid id, OrganisationUpdate input, ClaimsPrincipal user, Organisations o, CancellationToken ct) =>
            (await o.UpdateAsync(user.RequireViewer(), id, input, ct)).ToHttp()).RequireAuthorization(AccountsWeb.ApiWriter).WithSummary("Change an organisation's profile (its admin, or an organiser)");
        orgs.MapGet("/{id:guid}/logo", Logo).AllowAnonymous()
            .WithSummary("An organisation's logo (PNG, JPEG or WebP, as its Content-Type says), for whoever may see the organisation");
        orgs.MapPut("/{id:guid}/logo", SaveLogo).RequireAuthorization(AccountsWeb.ApiWriter)
            .WithSummary("Replace the logo (the organisation's admin, or an organiser): the image is the request body, PNG, JPEG or WebP by its first bytes, at most 1 MiB");
        orgs.MapDelete("/{id:guid}/logo", async (Guid id, ClaimsPrincipal user, OrganisationLogos logos, CancellationToken ct) =>
            (await logos.RemoveAsync(user.RequireViewer(), id, ct)).ToHttp()).RequireAuthorization(AccountsWeb.ApiWriter).WithSummary("Remove the logo (the organisation's admin, or an organiser)");
        orgs.MapGet("/{id:guid}/members", Members).RequireAuthorization(AccountsWeb.ApiUser)
            .WithSummary("The members of one's own organisation, by name (page from 1, pageSize 1–200, default 50)");
        orgs.MapPost("/{id:guid}/invitations", Invite).RequireAuthorization(AccountsWeb.ApiWriter).WithSummary("Invite a colleague by e-mail (the organisation's admin)");

        var admin = app.MapGroup("/api").WithTags("Administration");
        admin.MapGet("/users", (UserAdmin users, int? page, CancellationToken ct) => users.ListAsync(Math.Max(1, page ?? 1), 100, ct))
            .RequireAuthorization(AccountsWeb.ApiOrganiser).WithSummary("All accounts (organisers)");
        admin.MapPut("/users/{id}/roles", async (string id, RolesRequest body, ClaimsPrincipal user, UserAdmin users) =>
            (await users.SetRolesAsync(user.RequireViewer(), id, body.Roles)).ToHttp()).RequireAuthorization(AccountsWeb.ApiOrganiserWriter).WithSummary("Set a user's roles (organisers)");
        admin.MapGet("/audit", (AuditLog audit, DateTimeOffset? from, DateTimeOffset? to, string? action, int? page, CancellationToken ct) =>
            audit.ListAsync(new AuditFilter(from, to, action), Math.Max(1, page ?? 1), 100, ct)).RequireAuthorization(AccountsWeb.ApiOrganiser).WithSummary("The audit log, newest first (organisers)");
        admin.MapGet("/audit.csv", ExportAudit).RequireAuthorization(AccountsWeb.ApiOrganiser).WithSummary("The audit log as CSV (organisers)");
        admin.MapPost("/country-groups", CreateGroup).RequireAuthorization(AccountsWeb.ApiOrganiserWriter).WithTags("Reference").WithSummary("Add an organiser's own country group");
        admin.MapDelete("/country-groups/{code}", async (string code, CountryGroupCommands groups, ClaimsPrincipal user, CancellationToken ct) =>
            (await groups.DeleteAsync(user.RequireViewer(), code, ct)).ToNoContent()).RequireAuthorization(AccountsWeb.ApiOrganiserWriter).WithTags("Reference").WithSummary("Remove an organiser's own country group");
    }

    private static async Task<Results<Ok<Page<OrganisationDto>>, ValidationProblem>> ListOrganisations(Organisations organisations, int? page, int? pageSize, CancellationToken ct) =>
        PageRequest.Check(page, pageSize) is { Any: true } errors
            ? TypedResults.ValidationProblem(errors.ToDictionary())
            : TypedResults.Ok(await organisations.ListPublicAsync(page ?? 1, pageSize ?? PageRequest.DefaultSize, ct));

    private static async Task<Results<Ok<Page<ApiTokenDto>>, ValidationProblem>> ListTokens(int? page, int? pageSize, ClaimsPrincipal user, ApiTokens tokens, CancellationToken ct)
    {
        var errors = PageRequest.Check(page, pageSize);
        return errors.Any
            ? TypedResults.ValidationProblem(errors.ToDictionary())
            : TypedResults.Ok(await tokens.ListAsync(user.RequireViewer().UserId, page ?? 1, pageSize ?? PageRequest.DefaultSize, ct));
    }

    private static async Task<Results<Ok<Page<MemberDto>>, ValidationProblem, ProblemHttpResult>> Members(
        Guid id, int? page, int? pageSize, ClaimsPrincipal user, Organisations organisations, CancellationToken ct)
    {
        var errors = PageRequest.Check(page, pageSize);
        return errors.Any
            ? TypedResults.ValidationProblem(errors.ToDictionary())
            : (await organisations.MembersAsync(user.RequireViewer(), id, page ?? 1, pageSize ?? PageRequest.DefaultSize, ct)).ToHttp();
    }

    private static async Task<Results<Ok<MeDto>, ProblemHttpResult>> Me(ClaimsPrincipal user, Core.Accounts.Accounts accounts) =>
        await accounts.MeAsync(user.RequireViewer().UserId) is { } me
            ? TypedResults.Ok(me)
            : TypedResults.Problem(Messages.Format("AccountNotFound"), statusCode: StatusCodes.Status404NotFound);

    private static async Task<Results<Ok<NewApiToken>, ValidationProblem, ProblemHttpResult>> CreateToken(NewTokenRequest body, ClaimsPrincipal user, ApiTokens tokens, CancellationToken ct) =>
        (await tokens.CreateAsync(user.RequireViewer().UserId, body.Name, body.Scope, body.Days, TokenOrigin.Token, ct)).ToHttp();

    private static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> Export(ClaimsPrincipal user, Core.Accounts.Accounts accounts, CancellationToken ct) =>
        await accounts.ExportAsync(user.RequireViewer().UserId, ct) is { } data
            ? TypedResults.Ok(data)
            : TypedResults.Problem(Messages.Format("AccountNotFound"), statusCode: StatusCodes.Status404NotFound);

    private static async Task<Results<Ok<OrganisationDto>, ValidationProblem, ProblemHttpResult>> GetOrganisation(Guid id, HttpContext http, Organisations organisations, CancellationToken ct)
    {
        // Anonymous or not: a token, when one is sent, decides whether contact details are shown.
        var auth = await http.AuthenticateAsync(ApiTokenAuthenticationHandler.SchemeName);
        return (await organisations.GetAsync(auth.Principal?.ToViewer(), id, ct)).ToHttp();
    }

    // Pages show the logo with the sign-in cookie, integrations with a token: either one may let the caller see an unlisted organisation.
    private static async Task<Results<PhysicalFileHttpResult, ProblemHttpResult>> Logo(Guid id, HttpContext http, OrganisationLogos logos, CancellationToken ct)
    {
        var viewer = http.User.Identity?.IsAuthenticated == true
            ? http.User.ToViewer()
            : (await http.AuthenticateAsync(ApiTokenAuthenticationHandler.SchemeName)).Principal?.ToViewer();
        if (await logos.FindAsync(viewer, id, ct) is not { } logo)
        {
            return TypedResults.Problem(Messages.Format("LogoNotFound"), statusCode: StatusCodes.Status404NotFound);
        }

        // The address changes with the logo (?v=), so a copy may be kept; private, as an unlisted organisation's logo is not for everyone.
        http.Response.Headers.CacheControl = "private, max-age=86400";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.PhysicalFile(logo.Path, logo.ContentType);
    }

    private static async Task<Results<Ok<OrganisationDto>, ValidationProblem, ProblemHttpResult>> SaveLogo(Guid id, HttpContext http, OrganisationLogos logos, CancellationToken ct) =>
        await Uploads.ReadBodyAsync(http.Request, OrganisationLogos.MaxBytes, ct) is { } image
            ? (await logos.SaveAsync(http.User.RequireViewer(), id, image, ct)).ToHttp()
            : Uploads.TooLarge(OrganisationLogos.MaxBytes);

    private static async Task<Results<Ok<string>, ValidationProblem, ProblemHttpResult>> Invite(Guid id, InvitationRequest body, ClaimsPrincipal user, Organisations organisations, PublicLinks links, CancellationToken ct) =>
        (await organisations.InviteAsync(user.RequireViewer(), id, body.Email, token => links.To("/account/register?invitation=" + Uri.EscapeDataString(token)), ct)).ToHttp();

    private static async Task ExportAudit(HttpContext http, AuditLog audit, DateTimeOffset? from, DateTimeOffset? to, string? action, CancellationToken ct)
    {
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = "attachment; filename=\"lianbo-audit.csv\"";
        await audit.ExportCsvAsync(new AuditFilter(from, to, action), http.Response.Body, ct);
    }

    private static async Task<Results<Ok<CountryGroupDto>, ValidationProblem, ProblemHttpResult>> CreateGroup(CountryGroupRequest body, CountryGroupCommands groups, ClaimsPrincipal user, CancellationToken ct) =>
        (await groups.CreateAsync(user.RequireViewer(), new NewCountryGroup(body.Code, body.NameEn, body.NameZh, body.Source, body.Members), ct)).ToHttp();
}
