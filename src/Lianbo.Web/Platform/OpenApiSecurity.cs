using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Lianbo.Web.Platform;

/// <summary>
/// The OpenAPI document declares how the API is called: a personal token as <c>Authorization: Bearer lb_…</c>,
/// required by exactly the operations that have an authorization rule (anonymous ones carry none).
/// </summary>
public static class OpenApiSecurity
{
    public const string SchemeName = "bearer";

    public static OpenApiOptions AddLianboSecurity(this OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.AddComponent<IOpenApiSecurityScheme>(SchemeName, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "lb_…",
                Description = "A personal API token, created at /account/tokens (or by an organiser with `lianbo users token`); "
                    + "Read tokens may only read. The API never takes the sign-in cookie.",
            });
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            if (metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any())
            {
                operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = [] }];
            }

            return Task.CompletedTask;
        });
        return options;
    }
}
