using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Lianbo.Web.Platform;
using Lianbo.Web.Tests.Accounts;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Lianbo.Web.Tests.Platform;

/// <summary>Every install makes its own key ring in its state directory, and trusts no other's.</summary>
public class KeyRingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_sign_in_cookie_made_with_another_installs_key_is_refused()
    {
        await using var home = await LianboApp.StartAsync();
        await using var other = await LianboApp.StartAsync();
        var user = await home.CreateUserAsync(Core.Accounts.Roles.Participant, "Keyring Ltd");
        var signIn = await AccountPagesTests.Browser(home).SignInAsync(user.Email, TestAccounts.Password);
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("lianbo.auth=", StringComparison.Ordinal)).Split(';')[0];

        var atHome = await WithCookie(home, cookie).GetAsync("/account", Ct);
        var elsewhere = await WithCookie(other, cookie).GetAsync("/account", Ct);

        Assert.Equal(HttpStatusCode.OK, atHome.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, elsewhere.StatusCode);
        Assert.Contains("/account/login?ReturnUrl=", elsewhere.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.NotEqual(KeyIds(home).Single(), KeyIds(other).Single());
    }

    [Fact]
    public async Task The_key_ring_is_made_in_the_state_directory_and_only_its_owner_may_open_it()
    {
        await using var app = await LianboApp.StartAsync();

        await AccountPagesTests.Browser(app).GetAsync("/account/login", Ct);

        var keys = Path.Combine(app.Store.Directory, "keys");
        Assert.Single(Directory.GetFiles(keys, "key-*.xml"));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(keys));
        }
    }

    [Fact]
    public async Task The_published_key_is_revoked_at_start_and_a_new_one_signs()
    {
        // A key ring holding a key under the published key's id (its secret made here: the real one is not in the tree).
        var store = await Core.Tests.TestStore.CreateAsync(Core.Data.DatabaseProvider.Sqlite);
        var keys = Directory.CreateDirectory(Path.Combine(store.Directory, "keys")).FullName;
        var services = new ServiceCollection().AddLogging();
        services.AddLianboDataProtection(new ConfigurationBuilder()
            .AddInMemoryCollection([new(KeyRing.DirectorySetting, keys)]).Build());
        using (var provider = services.BuildServiceProvider())
        {
            var made = provider.GetRequiredService<IKeyManager>().CreateNewKey(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(90));
            var file = Path.Combine(keys, $"key-{made.KeyId:D}.xml");
            var leaked = KeyRing.Leaked.Single();
            await File.WriteAllTextAsync(Path.Combine(keys, $"key-{leaked:D}.xml"), (await File.ReadAllTextAsync(file, Ct)).Replace(made.KeyId.ToString("D"), leaked.ToString("D"), StringComparison.Ordinal), Ct);
            File.Delete(file);
        }

        await using var app = new LianboApp(store);
        await AccountPagesTests.Browser(app).GetAsync("/account/login", Ct);

        var ring = app.Services.GetRequiredService<IKeyManager>().GetAllKeys();
        Assert.True(ring.Single(k => k.KeyId == KeyRing.Leaked.Single()).IsRevoked);
        Assert.Contains(ring, k => !k.IsRevoked);
    }

    [Fact]
    public async Task With_a_certificate_the_keys_are_encrypted_at_rest()
    {
        var store = await Core.Tests.TestStore.CreateAsync(Core.Data.DatabaseProvider.Sqlite);
        var pfx = Path.Combine(store.Directory, "keys.pfx");
        using (var rsa = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=Lianbo test key encryption", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pkcs12, "test-password"), Ct);
        }

        await using var app = new LianboApp(store, new Dictionary<string, string>
        {
            [KeyRing.CertificateSetting] = pfx,
            ["Lianbo:Keys:CertificatePassword"] = "test-password",
        });
        var user = await app.CreateUserAsync(Core.Accounts.Roles.Participant, "Sealed Keys Ltd");
        var signedIn = await AccountPagesTests.SignedInAsync(app, user);

        var key = System.Xml.Linq.XDocument.Load(Directory.GetFiles(Path.Combine(store.Directory, "keys"), "key-*.xml").Single());
        // The encrypted secret is in Data Protection's own XML namespace.
        Assert.Single(key.Descendants(), e => e.Name.LocalName == "encryptedSecret");
        Assert.DoesNotContain(key.Descendants(), e => e.Name.LocalName == "masterKey");
        Assert.Equal(HttpStatusCode.OK, (await signedIn.GetAsync("/account", Ct)).StatusCode);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Two_web_nodes_over_one_database_share_a_key_ring_kept_in_it(string provider)
    {
        var settings = new Dictionary<string, string> { [KeyRing.StoreSetting] = KeyRing.DatabaseStore };
        await using var first = await LianboApp.StartAsync(provider, settings);
        // A second node: its own state directory, the same platform store.
        var second = Core.Tests.TestStore.Sharing(first.Store);
        await using var other = new LianboApp(second, settings);
        var user = await first.CreateUserAsync(Core.Accounts.Roles.Participant, "Two Nodes Ltd");
        var signIn = await AccountPagesTests.Browser(first).SignInAsync(user.Email, TestAccounts.Password);
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("lianbo.auth=", StringComparison.Ordinal)).Split(';')[0];

        var onOther = await WithCookie(other, cookie).GetAsync("/account", Ct);

        Assert.Equal(HttpStatusCode.OK, onOther.StatusCode);
        await using var db = first.Store.CreateContext();
        Assert.Single(await db.DataProtectionKeys.ToListAsync(Ct));
        Assert.False(Directory.Exists(Path.Combine(first.Store.Directory, "keys")));
        Assert.False(Directory.Exists(Path.Combine(second.Directory, "keys")));
    }

    [Fact]
    public async Task An_unknown_key_store_stops_the_start_naming_the_setting()
    {
        await using var store = await Core.Tests.TestStore.CreateAsync(Core.Data.DatabaseProvider.Sqlite);

        var e = Assert.Throws<Core.Data.ConfigurationException>(() => LianboWebApp.Build(
            [$"--{KeyRing.StoreSetting}=vault", $"--Lianbo:DataDirectory={store.Directory}"]));

        Assert.Equal(KeyRing.StoreSetting, e.Setting);
    }

    [Fact]
    public async Task A_certificate_that_cannot_be_read_stops_the_start_naming_the_setting()
    {
        var store = await Core.Tests.TestStore.CreateAsync(Core.Data.DatabaseProvider.Sqlite);
        var missing = Path.Combine(store.Directory, "no-such.pfx");

        var e = Assert.Throws<Core.Data.ConfigurationException>(() => LianboWebApp.Build(
            [$"--{KeyRing.CertificateSetting}={missing}", $"--Lianbo:DataDirectory={store.Directory}"]));

        Assert.Equal(KeyRing.CertificateSetting, e.Setting);
        Assert.Contains("no-such.pfx", e.Message, StringComparison.Ordinal);
        await store.DisposeAsync();
    }

    private static HttpClient WithCookie(LianboApp app, string cookie)
    {
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }

    private static IEnumerable<Guid> KeyIds(LianboApp app) =>
        app.Services.GetRequiredService<IKeyManager>().GetAllKeys().Select(k => k.KeyId);
}
