using System.Globalization;
using Lianbo.Core.Accounts;
using Lianbo.Core.Chains;
using Lianbo.Core.Data;
using Lianbo.Core.Files;
using Lianbo.Core.Matchmaking;
using Lianbo.Core.Reference;
using Microsoft.EntityFrameworkCore;
using T = Lianbo.Core.Expo.ExhibitorTemplate;

namespace Lianbo.Core.Expo;

/// <summary>One problem of an import: the line (CSV) or row (XLSX), the column, and what is wrong, in the user's language.</summary>
public sealed record ImportError(int? Line, string? Column, string Message);

/// <summary>
/// One row of an import as stored, for integrations to keep the ids instead of looking names up: the organisation made
/// (<see cref="Created"/>) or updated under the row's key, and its exhibitor at the edition when the row gave a zone.
/// </summary>
public sealed record ImportedOrganisation(int Line, string Key, Guid OrganisationId, bool Created, Guid? ExhibitorId);

/// <summary>What an import did, row by row in <see cref="Organisations"/>, or why it stored nothing (<see cref="Errors"/> not empty).</summary>
public sealed record ExhibitorImportReport(int Created, int Updated, int Exhibitors, int Booths, int Partners, IReadOnlyList<ImportError> Errors,
    IReadOnlyList<ImportedOrganisation> Organisations)
{
    public bool Stored => Errors.Count == 0;

    public static ExhibitorImportReport Failed(IEnumerable<ImportError> errors) =>
        new(0, 0, 0, 0, 0, [.. errors.OrderBy(e => e.Line ?? 0).ThenBy(e => Order(e.Column))], []);

    // Per line: the errors of the whole line, then the template's columns in order, then cells outside them.
    private static int Order(string? column) => column is null ? -1 : T.Columns.ToList().IndexOf(column) is >= 0 and var i ? i : int.MaxValue;
}

/// <summary>
/// Imports organisations and an edition's exhibitors from the template (CSV or XLSX), and exports them in it. An import
/// checks every row and reports every problem; a file with any problem stores nothing. Otherwise one transaction
/// creates or updates organisations by their key, replaces their products and stages, creates or moves exhibitors,
/// sets their booths (a booth is never given twice) and partners, and records one audit entry. An XLSX is read within
/// <paramref name="limits"/> (by default <see cref="XlsxLimits"/>' own).
/// </summary>
public sealed class ExhibitorImport(LianboDbContext db, AuditLog audit, TimeProvider clock, XlsxLimits? limits = null)
{
    public const int MaxKeyLength = 64;

    private static readonly Dictionary<string, bool> YesNo = new(StringComparer.OrdinalIgnoreCase)
    {
        ["yes"] = true, ["y"] = true, ["true"] = true, ["1"] = true, ["是"] = true,
        ["no"] = false, ["n"] = false, ["false"] = false, ["0"] = false, ["否"] = false, [""] = false,
    };

    // The cells of one data row, by column name, after the formula checks.
    private sealed class Draft(int line)
    {
        public int Line { get; } = line;
        public Dictionary<string, TableCell> Cells { get; } = new(StringComparer.Ordinal);

        /// <summary>Columns whose cell was refused (a formula); they are not checked again, which would only say "required".</summary>
        public HashSet<string> Refused { get; } = new(StringComparer.Ordinal);
        public string Key { get; set; } = "";
        public string NameEn { get; set; } = "";
        public string NameZh { get; set; } = "";
        public string? Country { get; set; }
        public OrganisationType Type { get; set; }
        public SizeClass Size { get; set; }
        public bool Fortune500 { get; set; }
        public bool Leader { get; set; }
        public string? Website { get; set; }
        public List<string> Products { get; } = [];
        public List<(string Chain, string Stage)> Stages { get; } = [];
        public Zone? Zone { get; set; }
        public List<Booth> Booths { get; } = [];
        public List<string> Partners { get; } = [];

        public string Text(string column) => Cells.TryGetValue(column, out var cell) ? cell.Text.Trim() : "";
    }

    public async Task<Outcome<ExhibitorImportReport>> ImportAsync(Viewer viewer, Guid editionId, byte[] file, ExhibitorFileFormat format, CancellationToken ct = default)
    {
        if (!viewer.IsOrganiser)
        {
            return Outcome<ExhibitorImportReport>.Forbidden(Messages.Format("OrganisersOnly"));
        }

        if (!await db.Editions.AnyAsync(e => e.Id == editionId, ct))
        {
            return Outcome<ExhibitorImportReport>.NotFound(Messages.Format("ImportEditionNotFound"));
        }

        List<TableRow> rows;
        try
        {
            rows = format == ExhibitorFileFormat.Csv ? UploadedCsv.Read(file, "csv") : XlsxTable.Read(file, "xlsx", limits);
        }
        catch (DataFileException e)
        {
            return Outcome<ExhibitorImportReport>.Ok(ExhibitorImportReport.Failed([new ImportError(e.Line, null, e.Problem)]));
        }

        var errors = new List<ImportError>();
        var drafts = Drafts(rows, format, errors);
        if (drafts is not null)
        {
            await CheckAsync(editionId, drafts, errors, ct);
        }

        if (errors.Count > 0 || drafts is null)
        {
            return Outcome<ExhibitorImportReport>.Ok(ExhibitorImportReport.Failed(errors));
        }

        return Outcome<ExhibitorImportReport>.Ok(await StoreAsync(viewer, editionId, drafts, format, ct));
    }

    // The header, then each non-empty row as a draft with its cells; null when the header itself is unusable.
    private static List<Draft>? Drafts(List<TableRow> rows, ExhibitorFileFormat format, List<ImportError> errors)
    {
        var header = rows.FirstOrDefault(r => !r.IsEmpty);
        if (header is null)
        {
            errors.Add(new ImportError(1, null, Messages.Format("NoHeader")));
            return null;
        }

        var columns = new string?[header.Cells.Count];
        var separatedOtherwise = false;
        for (var i = 0; i < header.Cells.Count; i++)
        {
            var name = header.Cells[i].Text.Trim().ToLowerInvariant();
            if (name.Length == 0)
            {
                continue;
            }

            if (!T.Columns.Contains(name))
            {
                separatedOtherwise |= name.Contains(';', StringComparison.Ordinal) || name.Contains('\t', StringComparison.Ordinal);
                errors.Add(new ImportError(header.Line, name, separatedOtherwise
                    ? Messages.Format("ImportCommaSeparated")
                    : Messages.Format("ImportUnknownColumn", name, string.Join(", ", T.Columns))));
            }
            else if (columns.Contains(name))
            {
                errors.Add(new ImportError(header.Line, name, Messages.Format("ImportDuplicateColumn", name)));
            }
            else
            {
                columns[i] = name;
            }
        }

        // A file separated by semicolons or tabs has one long column; listing every column as missing would not help.
        foreach (var missing in T.Columns.Where(c => !columns.Contains(c) && !separatedOtherwise))
        {
            errors.Add(new ImportError(header.Line, missing, Messages.Format("ColumnMissing", missing)));
        }

        if (errors.Count > 0)
        {
            return null;
        }

        var drafts = new List<Draft>();
        foreach (var row in rows.SkipWhile(r => r != header).Skip(1).Where(r => !r.IsEmpty))
        {
            var draft = new Draft(row.Line);
            if (format == ExhibitorFileFormat.Csv && row.Cells.Count < columns.Length)
            {
                errors.Add(new ImportError(row.Line, null, Messages.Format("ImportFieldCount", columns.Length, row.Cells.Count)));
                continue;
            }

            for (var i = 0; i < row.Cells.Count; i++)
            {
                var cell = row.Cells[i];
                var column = i < columns.Length ? columns[i] : null;
                if (column is null)
                {
                    if (!string.IsNullOrWhiteSpace(cell.Text) || cell.IsFormula)
                    {
                        errors.Add(new ImportError(row.Line, XlsxTable.ColumnName(i), Messages.Format("ImportOutsideColumns")));
                    }

                    continue;
                }

                if (cell.IsFormula || FormulaText.LooksLikeFormula(cell.Text) || FormulaText.LooksLikeFormula(cell.Text.TrimStart()))
                {
                    errors.Add(new ImportError(row.Line, column, Messages.Format(cell.IsFormula ? "ImportFormulaCell" : "ImportFormulaLike")));
                    draft.Refused.Add(column);
                }
                else if (cell.Text.Any(char.IsControl))
                {
                    // No field holds one, and PostgreSQL cannot store a NUL at all.
                    errors.Add(new ImportError(row.Line, column, Messages.Format("ImportControlCharacter")));
                    draft.Refused.Add(column);
                }
                else
                {
                    draft.Cells[column] = cell with { Text = FormulaText.Unneutralise(cell.Text.Trim()) };
                }
            }

            drafts.Add(draft);
        }

        // A header alone is most likely the template sent back empty: saying so beats reporting nothing done.
        if (drafts.Count == 0 && errors.Count == 0)
        {
            errors.Add(new ImportError(header.Line + 1, null, Messages.Format("ImportNoRows")));
        }

        return drafts;
    }

    // Every check of every row against the template's rules, the reference data, the chains and the edition.
    private async Task CheckAsync(Guid editionId, List<Draft> drafts, List<ImportError> errors, CancellationToken ct)
    {
        void Error(Draft d, string column, string message)
        {
            if (!d.Refused.Contains(column))
            {
                errors.Add(new ImportError(d.Line, column, message));
            }
        }

        var countries = (await db.Countries.Select(c => c.Iso3).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var stages = (await db.Set<ChainStage>().Select(s => new { s.ChainId, s.StageId }).ToListAsync(ct))
            .Select(s => (s.ChainId, s.StageId)).ToHashSet();
        var zones = await db.Zones.Where(z => z.EditionId == editionId).OrderBy(z => z.SortOrder).ToListAsync(ct);
        var booths = (await db.Booths.Where(b => b.EditionId == editionId).ToListAsync(ct)).ToDictionary(b => b.Code, StringComparer.OrdinalIgnoreCase);
        var productCodes = drafts.SelectMany(ProductCodes).Distinct().ToList();
        var hs = (await db.HsCodes.Where(h => h.Revision == HsRevision.Hs2022 && EF.Parameter(productCodes).Contains(h.Code)).Select(h => h.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);

        var keys = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var d in drafts)
        {
            d.Key = d.Text(T.Key);
            if (d.Key.Length == 0)
            {
                Error(d, T.Key, Messages.Format("Required", T.Key));
            }
            else if (d.Key.Length > MaxKeyLength || !d.Key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                Error(d, T.Key, Messages.Format("ImportBadKey", d.Key, MaxKeyLength));
            }
            else if (!keys.TryAdd(d.Key, d.Line))
            {
                Error(d, T.Key, Messages.Format("ImportDuplicateKey", d.Key, keys[d.Key]));
            }

            d.NameEn = Required(d, T.NameEn, 200);
            d.NameZh = Required(d, T.NameZh, 100);

            d.Type = Word(d, T.Type, T.Types, type => Messages.Format("ImportUnknownType", type, string.Join(", ", T.Types.Keys)));

            var country = d.Text(T.Country).ToUpperInvariant();
            if (country.Length > 0)
            {
                d.Country = country;
                if (!countries.Contains(country))
                {
                    Error(d, T.Country, Messages.Format("UnknownCountry", country));
                }
            }
            else if (T.Types.TryGetValue(d.Text(T.Type), out var known) && known != OrganisationType.InternationalOrganisation)
            {
                Error(d, T.Country, Messages.Format("CountryRequired"));
            }

            d.Size = Word(d, T.Size, T.Sizes, size => Messages.Format("ImportUnknownSize", size));

            d.Fortune500 = Flag(d, T.FortuneGlobal500);
            d.Leader = Flag(d, T.IndustryLeader);

            var website = d.Text(T.Website);
            if (website.Length > 300)
            {
                Error(d, T.Website, Messages.Format("TooLong", T.Website, 300));
            }
            else if (website.Length > 0 && !(Uri.TryCreate(website, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            {
                Error(d, T.Website, Messages.Format("BadWebsite"));
            }
            else
            {
                d.Website = website.Length > 0 ? website : null;
            }

            foreach (var code in ProductCodes(d))
            {
                if (hs.Contains(code))
                {
                    d.Products.Add(code);
                }
                else
                {
                    Error(d, T.Products, Messages.Format("ImportUnknownHs", code));
                }
            }

            foreach (var pair in List(d.Text(T.Stages)).Distinct(StringComparer.Ordinal))
            {
                var parts = pair.Split('/', 2, StringSplitOptions.TrimEntries);
                if (parts.Length == 2 && stages.Contains((parts[0], parts[1])))
                {
                    d.Stages.Add((parts[0], parts[1]));
                }
                else
                {
                    Error(d, T.Stages, Messages.Format("ImportUnknownStage", pair));
                }
            }

            var zone = d.Text(T.Zone);
            if (zone.Length > 0)
            {
                d.Zone = zones.FirstOrDefault(z => string.Equals(z.Code, zone, StringComparison.OrdinalIgnoreCase));
                if (d.Zone is null)
                {
                    Error(d, T.Zone, Messages.Format("ImportUnknownZone", zone, string.Join(", ", zones.Select(z => z.Code))));
                }
            }

            foreach (var code in List(d.Text(T.Booths)).Distinct(StringComparer.OrdinalIgnoreCase))
            {
                if (zone.Length == 0)
                {
                    Error(d, T.Booths, Messages.Format("ImportBoothsWithoutZone"));
                    break;
                }

                if (!booths.TryGetValue(code, out var booth))
                {
                    Error(d, T.Booths, Messages.Format("ImportUnknownBooth", code));
                }
                else if (d.Zone is not null && booth.ZoneId != d.Zone.Id)
                {
                    Error(d, T.Booths, Messages.Format("ImportBoothOtherZone", booth.Code, zones.First(z => z.Id == booth.ZoneId).Code, d.Zone.Code));
                }
                else
                {
                    d.Booths.Add(booth);
                }
            }

            var partners = List(d.Text(T.Partners)).Distinct(StringComparer.Ordinal).ToList();
            if (partners.Count > 0 && zone.Length == 0)
            {
                Error(d, T.Partners, Messages.Format("ImportPartnersWithoutZone"));
            }
            else if (partners.Contains(d.Key))
            {
                Error(d, T.Partners, Messages.Format("ImportSelfPartner"));
            }
            else
            {
                d.Partners.AddRange(partners);
            }
        }

        await CheckPartnersAsync(drafts, keys, errors, ct);
        await CheckBoothsAsync(editionId, drafts, errors, ct);

        string Required(Draft d, string column, int max)
        {
            var value = d.Text(column);
            if (value.Length == 0)
            {
                Error(d, column, Messages.Format("Required", column));
            }
            else if (value.Length > max)
            {
                Error(d, column, Messages.Format("TooLong", column, max));
            }

            return value;
        }

        // A required column whose value is one of a few words.
        TValue Word<TValue>(Draft d, string column, IReadOnlyDictionary<string, TValue> words, Func<string, string> unknown) where TValue : struct
        {
            var value = d.Text(column);
            if (words.TryGetValue(value, out var word))
            {
                return word;
            }

            Error(d, column, value.Length == 0 ? Messages.Format("Required", column) : unknown(value));
            return default;
        }

        bool Flag(Draft d, string column)
        {
            var value = d.Text(column);
            if (YesNo.TryGetValue(value, out var flag))
            {
                return flag;
            }

            Error(d, column, Messages.Format("ImportYesNo", value));
            return false;
        }
    }

    // A partner is a key of this file or of a stored organisation.
    private async Task CheckPartnersAsync(List<Draft> drafts, Dictionary<string, int> keys, List<ImportError> errors, CancellationToken ct)
    {
        var elsewhere = drafts.SelectMany(d => d.Partners).Where(p => !keys.ContainsKey(p)).Distinct().ToList();
        var stored = (await Matching(elsewhere).ToListAsync(ct)).Select(StoredKey).ToHashSet(StringComparer.Ordinal);
        foreach (var d in drafts)
        {
            foreach (var partner in d.Partners.Where(p => !keys.ContainsKey(p) && !stored.Contains(p)))
            {
                errors.Add(new ImportError(d.Line, T.Partners, Messages.Format("ImportUnknownPartner", partner)));
            }
        }
    }

    // A booth may be listed by one row only, and may not be held by an exhibitor that keeps it after this import.
    private async Task CheckBoothsAsync(Guid editionId, List<Draft> drafts, List<ImportError> errors, CancellationToken ct)
    {
        var listedBy = new Dictionary<Guid, Draft>();
        foreach (var d in drafts)
        {
            foreach (var booth in d.Booths)
            {
                if (!listedBy.TryAdd(booth.Id, d))
                {
                    errors.Add(new ImportError(d.Line, T.Booths, Messages.Format("ImportBoothTwice", booth.Code, listedBy[booth.Id].Line)));
                }
            }
        }

        var held = listedBy.Keys.ToList();
        var holders = await (from b in db.Booths
                             join e in db.Exhibitors on b.ExhibitorId equals e.Id
                             join o in db.Organisations on e.OrganisationId equals o.Id
                             where b.EditionId == editionId && EF.Parameter(held).Contains(b.Id)
                             select new { BoothId = b.Id, Organisation = o }).ToListAsync(ct);

        // A holder in this file with a zone gives up the booths its row does not list, so they are free to take.
        var exhibitorsInFile = new Dictionary<string, Draft>(StringComparer.Ordinal);
        foreach (var d in drafts.Where(d => d.Zone is not null))
        {
            exhibitorsInFile.TryAdd(d.Key, d);
        }

        var zh = CultureInfo.CurrentUICulture.IsChinese();
        foreach (var holder in holders)
        {
            var taker = listedBy[holder.BoothId];
            var holderKey = StoredKey(holder.Organisation);
            if (holderKey == taker.Key || (exhibitorsInFile.TryGetValue(holderKey, out var row) && row.Booths.All(b => b.Id != holder.BoothId)))
            {
                continue;
            }

            var booth = taker.Booths.First(b => b.Id == holder.BoothId);
            errors.Add(new ImportError(taker.Line, T.Booths, Messages.Format("ImportBoothHeld", booth.Code, zh ? holder.Organisation.NameZh : holder.Organisation.NameEn)));
        }
    }

    private async Task<ExhibitorImportReport> StoreAsync(Viewer viewer, Guid editionId, List<Draft> drafts, ExhibitorFileFormat format, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var allKeys = drafts.Select(d => d.Key).Concat(drafts.SelectMany(d => d.Partners)).Distinct().ToList();
        var organisations = (await Matching(allKeys).Include(o => o.Products).Include(o => o.Stages).ToListAsync(ct)).ToDictionary(StoredKey, StringComparer.Ordinal);
        var (created, updated) = (0, 0);
        var made = new HashSet<string>(StringComparer.Ordinal);
        var now = clock.GetUtcNow();
        foreach (var d in drafts)
        {
            if (organisations.TryGetValue(d.Key, out var org))
            {
                updated++;
            }
            else
            {
                created++;
                made.Add(d.Key);
                org = new Organisation { Id = Guid.NewGuid(), NameEn = d.NameEn, NameZh = d.NameZh, CreatedAt = now };
                db.Organisations.Add(org);
                organisations[d.Key] = org;
            }

            // A key-less organisation found by its id (as an export writes it) keeps that key from now on.
            org.Key = d.Key;
            org.NameEn = d.NameEn;
            org.NameZh = d.NameZh;
            org.CountryIso3 = d.Country;
            org.Type = d.Type;
            org.Size = d.Size;
            org.IsFortuneGlobal500 = d.Fortune500;
            org.IsIndustryLeader = d.Leader;
            org.Website = d.Website;

            // The organiser's products and stages are replaced, not merged: the file says what the organisation does now.
            // What the organisation added itself stays (Offers keeps the two lists apart).
            Offers.Replace(org.Products, d.Products, p => p.Hs, participant: false, hs => new OrganisationProduct { OrganisationId = org.Id, Hs = hs });
            Offers.Replace(org.Stages, [.. d.Stages.Select(x => $"{x.Chain}/{x.Stage}")], s => $"{s.ChainId}/{s.StageId}", participant: false,
                key => new OrganisationStage { OrganisationId = org.Id, ChainId = key.Split('/', 2)[0], StageId = key.Split('/', 2)[1] });
        }

        await db.SaveChangesAsync(ct);

        var exhibiting = drafts.Where(d => d.Zone is not null).ToList();
        var exhibitingIds = exhibiting.Select(d => organisations[d.Key].Id).ToList();
        var exhibitors = await db.Exhibitors.Include(e => e.Partners)
            .Where(e => e.EditionId == editionId && EF.Parameter(exhibitingIds).Contains(e.OrganisationId)).ToDictionaryAsync(e => e.OrganisationId, ct);
        var partnerLinks = 0;
        foreach (var d in exhibiting)
        {
            var orgId = organisations[d.Key].Id;
            if (!exhibitors.TryGetValue(orgId, out var exhibitor))
            {
                exhibitor = new Exhibitor { Id = Guid.NewGuid(), EditionId = editionId, OrganisationId = orgId };
                db.Exhibitors.Add(exhibitor);
                exhibitors[orgId] = exhibitor;
            }

            exhibitor.ZoneId = d.Zone!.Id;
            var partners = d.Partners.Select(p => organisations[p].Id).ToHashSet();
            exhibitor.Partners.RemoveAll(p => !partners.Contains(p.OrganisationId));
            exhibitor.Partners.AddRange(partners.Where(p => exhibitor.Partners.All(x => x.OrganisationId != p))
                .Select(p => new ExhibitorPartner { ExhibitorId = exhibitor.Id, OrganisationId = p }));
            partnerLinks += partners.Count;
        }

        await db.SaveChangesAsync(ct);

        // First every exhibitor in the file gives up the booths its row no longer lists, then each takes its own with a
        // conditional update: a booth that another import took meanwhile is not overwritten, and this import rolls back.
        foreach (var d in exhibiting)
        {
            var exhibitorId = exhibitors[organisations[d.Key].Id].Id;
            var keep = d.Booths.Select(b => b.Id).ToList();
            await db.Booths.Where(b => b.ExhibitorId == exhibitorId && !keep.Contains(b.Id))
                .ExecuteUpdateAsync(s => s.SetProperty(b => b.ExhibitorId, (Guid?)null), ct);
        }

        var assigned = 0;
        foreach (var d in exhibiting)
        {
            Guid? exhibitorId = exhibitors[organisations[d.Key].Id].Id;
            foreach (var booth in d.Booths)
            {
                var taken = await db.Booths.Where(b => b.Id == booth.Id && (b.ExhibitorId == null || b.ExhibitorId == exhibitorId))
                    .ExecuteUpdateAsync(s => s.SetProperty(b => b.ExhibitorId, exhibitorId), ct);
                if (taken == 0)
                {
                    await transaction.RollbackAsync(ct);
                    db.ChangeTracker.Clear();
                    return ExhibitorImportReport.Failed([new ImportError(d.Line, T.Booths, Messages.Format("ImportBoothTaken", booth.Code))]);
                }

                assigned++;
            }
        }

        var rows = drafts.Select(d => new ImportedOrganisation(d.Line, d.Key, organisations[d.Key].Id, made.Contains(d.Key),
            d.Zone is null ? null : exhibitors[organisations[d.Key].Id].Id)).ToList();
        var report = new ExhibitorImportReport(created, updated, exhibiting.Count, assigned, partnerLinks, [], rows);
        audit.Record(viewer, "exhibitors.import", nameof(Edition), editionId.ToString(),
            after: new { format = format.ToString().ToLowerInvariant(), rows = drafts.Count, report.Created, report.Updated, report.Exhibitors, report.Booths, report.Partners });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return report;
    }

    /// <summary>The edition's exhibitors, then the partners they bring that do not exhibit, in the template's columns.</summary>
    public async Task<Outcome<ExhibitorFile>> ExportAsync(Viewer viewer, Guid editionId, ExhibitorFileFormat format, CancellationToken ct = default)
    {
        if (!viewer.IsOrganiser)
        {
            return Outcome<ExhibitorFile>.Forbidden(Messages.Format("OrganisersOnly"));
        }

        var edition = await db.Editions.AsNoTracking().FirstOrDefaultAsync(e => e.Id == editionId, ct);
        if (edition is null)
        {
            return Outcome<ExhibitorFile>.NotFound(Messages.Format("ImportEditionNotFound"));
        }

        var zones = await db.Zones.AsNoTracking().Where(z => z.EditionId == editionId).ToDictionaryAsync(z => z.Id, ct);
        var exhibitors = await db.Exhibitors.AsNoTracking().Include(e => e.Partners).Where(e => e.EditionId == editionId).ToListAsync(ct);
        var booths = (await db.Booths.AsNoTracking().Where(b => b.EditionId == editionId && b.ExhibitorId != null).ToListAsync(ct))
            .ToLookup(b => b.ExhibitorId!.Value);
        var ids = exhibitors.Select(e => e.OrganisationId).Concat(exhibitors.SelectMany(e => e.Partners).Select(p => p.OrganisationId)).Distinct().ToList();
        var organisations = await db.Organisations.AsNoTracking().Include(o => o.Products).Include(o => o.Stages)
            .Where(o => EF.Parameter(ids).Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);

        var rows = new List<IReadOnlyList<string>>();
        foreach (var e in exhibitors.OrderBy(e => zones[e.ZoneId].SortOrder).ThenBy(e => StoredKey(organisations[e.OrganisationId]), StringComparer.Ordinal))
        {
            rows.Add(Row(organisations[e.OrganisationId], zones[e.ZoneId].Code,
                booths[e.Id].Select(b => b.Code).Order(StringComparer.Ordinal), e.Partners.Select(p => StoredKey(organisations[p.OrganisationId])).Order(StringComparer.Ordinal)));
        }

        var exhibiting = exhibitors.Select(e => e.OrganisationId).ToHashSet();
        foreach (var org in organisations.Values.Where(o => !exhibiting.Contains(o.Id)).OrderBy(StoredKey, StringComparer.Ordinal))
        {
            rows.Add(Row(org, "", [], []));
        }

        return Outcome<ExhibitorFile>.Ok(T.Write($"lianbo-exhibitors-{edition.Number}", format, rows, withColumnSheet: false));
    }

    private static List<string> Row(Organisation o, string zone, IEnumerable<string> booths, IEnumerable<string> partners) =>
    [
        StoredKey(o), o.NameEn, o.NameZh, o.CountryIso3 ?? "", T.TypeWord(o.Type), T.SizeWord(o.Size),
        o.IsFortuneGlobal500 ? "yes" : "no", o.IsIndustryLeader ? "yes" : "no", o.Website ?? "",
        // The organiser's own lists: sent back, a file never turns what the organisation added itself into the organiser's.
        string.Join(";", o.Products.Where(p => !p.SetByParticipant).Select(p => p.Hs).Order(StringComparer.Ordinal)),
        string.Join(";", o.Stages.Where(s => !s.SetByParticipant).Select(s => $"{s.ChainId}/{s.StageId}").Order(StringComparer.Ordinal)),
        zone, string.Join(";", booths), string.Join(";", partners),
    ];

    // An organisation made without a key (registered, or added by hand) is exported under its id, and an import finds it by that id.
    private static string StoredKey(Organisation o) => o.Key ?? o.Id.ToString("N");

    // A file's keys may be tens of thousands. EF Core 10 sends a list as one SQL parameter per item, and SQLite takes at
    // most 32,766 in a statement ("too many SQL variables"); EF.Parameter sends the whole list as one parameter (a JSON
    // array on SQLite, an array on PostgreSQL). The other lists of this file's queries are sent the same way.
    private IQueryable<Organisation> Matching(List<string> keys)
    {
        var ids = keys.Select(k => Guid.TryParseExact(k, "N", out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty).ToList();
        return db.Organisations.Where(o => (o.Key != null && EF.Parameter(keys).Contains(o.Key)) || (o.Key == null && EF.Parameter(ids).Contains(o.Id)));
    }

    // Lists in a cell are separated by semicolons (also the full-width one a Chinese keyboard types).
    private static IEnumerable<string> List(string text) =>
        text.Split([';', '；'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    // Excel keeps a code typed as a number without its leading zero (0101 → 101); HS codes have an even number of digits.
    private static IEnumerable<string> ProductCodes(Draft d)
    {
        var number = d.Cells.GetValueOrDefault(T.Products).IsNumber;
        return List(d.Text(T.Products)).Select(c => number && c.Length % 2 == 1 && c.All(char.IsAsciiDigit) ? "0" + c : c).Distinct(StringComparer.Ordinal);
    }
}
