using System.Security.Claims;
using Lianbo.Core.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Lianbo.Web.Accounts;

/// <summary>The few account actions that are not pages: signing out, and downloads for signed-in people.</summary>
public static class AccountEndpoints
{
    public static void MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var account = app.MapGroup("/account").ExcludeFromDescription();

        // A form post (with the antiforgery token every form carries), never a link, so no other site can sign people out.
        account.MapPost("/logout", async ([FromForm] string? returnUrl, SignInManager<LianboUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect(Platform.LocalUrl.Or(returnUrl, "/"));
        });

        account.MapGet("/export.json", async (ClaimsPrincipal user, Core.Accounts.Accounts accounts, CancellationToken ct) =>
                await accounts.ExportAsync(user.RequireViewer().UserId, ct) is { } data
                    ? Results.File(System.Text.Encoding.UTF8.GetBytes(data.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true })), "application/json", "lianbo-my-data.json")
                    : Results.NotFound())
            .RequireAuthorization(AccountsWeb.PageUser);

        app.MapGet("/audit.csv", async (HttpContext http, AuditLog audit, string? action, CancellationToken ct) =>
            {
                http.Response.ContentType = "text/csv; charset=utf-8";
                http.Response.Headers.ContentDisposition = "attachment; filename=\"lianbo-audit.csv\"";
                await audit.ExportCsvAsync(new AuditFilter(Action: action), http.Response.Body, ct);
            })
            .RequireAuthorization(AccountsWeb.PageOrganiser).ExcludeFromDescription();
    }
}
