using Lianbo.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Lianbo.Core.Accounts;

/// <summary>A logo as stored: its file in the state directory and the content type it is served with.</summary>
public sealed record LogoFile(string Path, string ContentType);

/// <summary>
/// Organisations' logos: PNG, JPEG or WebP, known by their first bytes (never by a file name or a declared type), at most
/// <see cref="MaxBytes"/>; kept as files in the state directory's <c>logos</c> folder, named by the organisation's id,
/// never in the tree. Its admin and organisers replace or remove one; whoever may see the organisation sees its logo.
/// </summary>
public sealed class OrganisationLogos(LianboDbContext db, Organisations organisations, AuditLog audit, TimeProvider clock, IOptions<LianboOptions> options)
{
    /// <summary>1 MiB: a logo of 1,000 × 1,000 pixels in PNG is well under it.</summary>
    public const int MaxBytes = 1 << 20;

    /// <summary>The address the web app serves a logo at; the time of its upload makes a new logo a new address.</summary>
    public static string? Url(Organisation o) =>
        o.LogoType is null ? null : $"/api/organisations/{o.Id}/logo?v={o.LogoUpdatedAt.GetValueOrDefault().ToUnixTimeSeconds()}";

    /// <summary>The content type the first bytes of an image say, for the three kinds a browser shows everywhere; null otherwise.</summary>
    public static string? Sniff(ReadOnlySpan<byte> bytes)
    {
        // PNG: its 8-byte signature (ISO/IEC 15948 §5.2). JPEG: SOI then any marker. WebP: a RIFF container of form "WEBP".
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return "image/png";
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return "image/jpeg";
        }

        return bytes.Length >= 12 && bytes[..4].SequenceEqual("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8) ? "image/webp" : null;
    }

    public async Task<Outcome<OrganisationDto>> SaveAsync(Viewer viewer, Guid id, byte[] image, CancellationToken ct = default)
    {
        var (org, refusal) = await organisations.EditableAsync(viewer, id, ct);
        if (org is null)
        {
            return refusal!;
        }

        if (image.Length > MaxBytes)
        {
            return Outcome<OrganisationDto>.Invalid("logo", Messages.Format("LogoTooLarge", MaxBytes >> 20, image.Length));
        }

        if (Sniff(image) is not { } type)
        {
            return Outcome<OrganisationDto>.Invalid("logo", Messages.Format(image.Length == 0 ? "LogoMissing" : "LogoNotImage"));
        }

        // Written beside the old one, then moved over it: a reader sees the old logo or the new one, never half of one.
        var path = PathOf(id);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        await File.WriteAllBytesAsync(temporary, image, ct);
        File.Move(temporary, path, overwrite: true);

        org.LogoType = type;
        org.LogoUpdatedAt = clock.GetUtcNow();
        audit.Record(viewer, "organisation.logo", nameof(Organisation), id.ToString(), after: new { type, bytes = image.Length });
        await db.SaveChangesAsync(ct);
        return Outcome<OrganisationDto>.Ok(org.ToDto(contact: true));
    }

    public async Task<Outcome<OrganisationDto>> RemoveAsync(Viewer viewer, Guid id, CancellationToken ct = default)
    {
        var (org, refusal) = await organisations.EditableAsync(viewer, id, ct);
        if (org is null)
        {
            return refusal!;
        }

        if (org.LogoType is not null)
        {
            org.LogoType = null;
            org.LogoUpdatedAt = null;
            audit.Record(viewer, "organisation.logo-remove", nameof(Organisation), id.ToString());
            await db.SaveChangesAsync(ct);
            File.Delete(PathOf(id));
        }

        return Outcome<OrganisationDto>.Ok(org.ToDto(contact: true));
    }

    /// <summary>The logo of an organisation the viewer may see (as <see cref="Organisations.GetAsync"/> decides), or null.</summary>
    public async Task<LogoFile?> FindAsync(Viewer? viewer, Guid id, CancellationToken ct = default)
    {
        var shown = await organisations.GetAsync(viewer, id, ct);
        var type = shown.IsValid ? await db.Organisations.Where(o => o.Id == id).Select(o => o.LogoType).FirstOrDefaultAsync(ct) : null;
        return type is not null && File.Exists(PathOf(id)) ? new LogoFile(PathOf(id), type) : null;
    }

    private string PathOf(Guid id) => System.IO.Path.Combine(System.IO.Path.GetFullPath(options.Value.DataDirectory), "logos", id.ToString("N"));
}
