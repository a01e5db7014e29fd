using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Lianbo.Core;
using Lianbo.Core.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;

namespace Lianbo.Web.Platform;

/// <summary>
/// The "Lianbo:Keys" section: where the Data Protection key ring lives. Its keys sign the sign-in cookies and
/// protect the antiforgery and two-factor tokens, so whoever holds them can act as any user.
/// </summary>
public sealed class KeyRingOptions
{
    public const string Section = "Lianbo:Keys";

    /// <summary>
    /// <c>directory</c> (the default: files in <see cref="Directory"/>) or <c>database</c> (a table of the platform store,
    /// which every web node over that store shares without a shared folder).
    /// </summary>
    public string Store { get; set; } = KeyRing.DirectoryStore;

    /// <summary>A folder of key files; by default <c>keys/</c> in the state directory. Web nodes that serve one site share it.</summary>
    public string? Directory { get; set; }

    /// <summary>
    /// A PFX file whose certificate encrypts each key at rest. Without one (Linux has no DPAPI), keys are plain
    /// XML in a folder that only the account running Lianbo may open.
    /// </summary>
    public string? CertificatePath { get; set; }

    public string? CertificatePassword { get; set; }
}

/// <summary>
/// Each install's own key ring: made on first start, never shipped; a leaked key is revoked by <c>lianbo keys</c>. In a
/// folder of the state directory by default, or in the platform store (<c>database</c>) for several web nodes; with a
/// certificate, each key is encrypted at rest.
/// </summary>
public static class KeyRing
{
    public const string DirectoryStore = "directory";
    public const string DatabaseStore = "database";
    public const string StoreSetting = KeyRingOptions.Section + ":" + nameof(KeyRingOptions.Store);
    public const string DirectorySetting = KeyRingOptions.Section + ":" + nameof(KeyRingOptions.Directory);
    public const string CertificateSetting = KeyRingOptions.Section + ":" + nameof(KeyRingOptions.CertificatePath);

    /// <summary>
    /// Keys that were published, and so protect nothing: the key ring committed to the repository until
    /// 2026-12-06 (in its history for good). Revoked wherever they are found, at every start.
    /// </summary>
    public static readonly IReadOnlyList<Guid> Leaked = [new("81c4a13f-c640-4955-ae83-3117c613eda6")];

    public static IServiceCollection AddLianboDataProtection(this IServiceCollection services, IConfiguration configuration)
    {
        var keys = configuration.GetSection(KeyRingOptions.Section).Get<KeyRingOptions>() ?? new KeyRingOptions();
        var protection = services.AddDataProtection().SetApplicationName("Lianbo");
        switch (keys.Store.Trim().ToLowerInvariant())
        {
            case DirectoryStore:
                var state = configuration.GetSection(LianboOptions.Section).Get<LianboOptions>()?.DataDirectory ?? StateDirectory.Default;
                protection.PersistKeysToFileSystem(CreatePrivate(Path.GetFullPath(keys.Directory is { Length: > 0 } given ? given : Path.Combine(state, "keys"))));
                break;
            case DatabaseStore:
                // The platform store's own context (AddLianboStore); its migrations create the table.
                protection.PersistKeysToDbContext<LianboDbContext>();
                break;
            default:
                throw new ConfigurationException(StoreSetting, Messages.Format("KeyStoreUnknown", keys.Store));
        }

        if (keys.CertificatePath is { Length: > 0 } path)
        {
            var certificate = LoadCertificate(path, keys.CertificatePassword);
            protection.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
        }

        return services;
    }

    /// <summary>Revokes the published keys present in the ring; returns their ids (none on any install made after the fix).</summary>
    public static IReadOnlyList<Guid> RevokeLeaked(IKeyManager keys)
    {
        var found = keys.GetAllKeys().Where(k => Leaked.Contains(k.KeyId) && !k.IsRevoked).Select(k => k.KeyId).ToList();
        foreach (var id in found)
        {
            keys.RevokeKey(id, "Published in the Lianbo repository; anyone could forge cookies with it.");
        }

        return found;
    }

    // Owner-only from the first moment, so the keys are never readable by other accounts on the machine.
    private static DirectoryInfo CreatePrivate(string directory)
    {
        try
        {
            return StateDirectory.Create(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new ConfigurationException(DirectorySetting, Messages.Format("KeyDirectoryUnusable", directory, e.Message), e);
        }
    }

    private static X509Certificate2 LoadCertificate(string path, string? password)
    {
        try
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.EphemeralKeySet);
            return certificate.HasPrivateKey
                ? certificate
                : throw new ConfigurationException(CertificateSetting, Messages.Format("KeyCertificateNoPrivateKey", path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new ConfigurationException(CertificateSetting, Messages.Format("KeyCertificateUnusable", path, e.Message), e);
        }
    }
}
