using Lianbo.Core;
using Lianbo.Core.Data;
using Lianbo.Web.Platform;

namespace Lianbo.Web.Accounts;

/// <summary>
/// Absolute links for e-mails (confirmation, password reset, invitations), built from configuration and never
/// from the request's Host header, which a client chooses: otherwise anyone could have reset links point to
/// their own site. <c>Lianbo:PublicUrl</c> names the address people use; it defaults to <c>Lianbo:Url</c>.
/// </summary>
public sealed class PublicLinks
{
    public const string Setting = "Lianbo:PublicUrl";

    private readonly Uri _base;

    public PublicLinks(IConfiguration configuration)
    {
        var url = configuration[Setting] ?? configuration[Startup.UrlSetting] ?? Startup.DefaultUrl;
        _base = Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new ConfigurationException(Setting, Messages.Format("BadUrl", url));
    }

    public string To(string pathAndQuery) => new Uri(_base, pathAndQuery).AbsoluteUri;
}
