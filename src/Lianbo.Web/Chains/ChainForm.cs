using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Lianbo.Core.Chains;

namespace Lianbo.Web.Chains;

/// <summary>
/// The chain edit form as posted: one row per stage (with its product rows) and per edge. Everything is text so
/// that a half-filled form comes back as typed; the use case then reports each mistake under the field's JSON path,
/// which <see cref="ErrorKey"/> matches to a row. Form binding sets a field that was posted empty, or a list with no
/// rows, to null: the getters turn those back into "" and [].
/// </summary>
public sealed class ChainForm
{
    [AllowNull] public string Id { get => field ?? ""; set; }
    [AllowNull] public string Version { get => field ?? ""; set; }
    [AllowNull] public string Kind { get => field ?? nameof(ChainKind.Chain); set; }
    [AllowNull] public string Order { get => field ?? ""; set; }
    [AllowNull] public string NameZh { get => field ?? ""; set; }
    [AllowNull] public string NameEn { get => field ?? ""; set; }
    [AllowNull] public string DescriptionZh { get => field ?? ""; set; }
    [AllowNull] public string DescriptionEn { get => field ?? ""; set; }
    [AllowNull] public string Colour { get => field ?? "#1f77b4"; set; }
    [AllowNull] public List<StageRow> Stages { get => field ??= []; set; }
    [AllowNull] public List<EdgeRow> Edges { get => field ??= []; set; }

    /// <summary>The button pressed: save, or add or remove a row (<c>remove-stage:2</c>, <c>add-product:1</c>, <c>remove-product:1:0</c>).</summary>
    public string? Command { get; set; }

    public sealed class StageRow
    {
        [AllowNull] public string Id { get => field ?? ""; set; }
        [AllowNull] public string NameZh { get => field ?? ""; set; }
        [AllowNull] public string NameEn { get => field ?? ""; set; }
        [AllowNull] public string Position { get => field ?? nameof(StagePosition.Upstream); set; }
        [AllowNull] public string Kind { get => field ?? nameof(StageKind.Goods); set; }
        [AllowNull] public List<ProductRow> Products { get => field ??= []; set; }
    }

    public sealed class ProductRow
    {
        [AllowNull] public string Hs2022 { get => field ?? ""; set; }

        /// <summary>The HS 1992 equivalents, separated by commas or spaces.</summary>
        [AllowNull] public string Hs1992 { get => field ?? ""; set; }

        [AllowNull] public string Rationale { get => field ?? ""; set; }

        /// <summary>The HS 1992 figure stands for the product only in part (a checkbox: posted only when ticked).</summary>
        public bool Proxy { get; set; }
    }

    public sealed class EdgeRow
    {
        [AllowNull] public string From { get => field ?? ""; set; }
        [AllowNull] public string To { get => field ?? ""; set; }
    }

    public static ChainForm From(ChainDefinition chain) => new()
    {
        Id = chain.Id, Version = chain.Version, Kind = chain.Kind.ToString(), Order = chain.Order.ToString(CultureInfo.InvariantCulture),
        NameZh = chain.NameZh, NameEn = chain.NameEn, DescriptionZh = chain.DescriptionZh, DescriptionEn = chain.DescriptionEn, Colour = chain.Colour,
        Stages = [.. chain.Stages.Select(s => new StageRow
        {
            Id = s.Id, NameZh = s.NameZh, NameEn = s.NameEn, Position = s.Position.ToString(), Kind = s.Kind.ToString(),
            Products = [.. (s.Products ?? []).Select(p => new ProductRow { Hs2022 = p.Hs2022, Hs1992 = string.Join(", ", p.Hs1992), Rationale = p.Rationale, Proxy = p.Proxy })],
        })],
        Edges = [.. chain.Edges.Select(e => new EdgeRow { From = e.From, To = e.To })],
    };

    /// <summary>Leaves out product and edge rows with nothing typed in them, before saving, so that row numbers match the errors.</summary>
    public void DropEmptyRows()
    {
        foreach (var stage in Stages)
        {
            stage.Products.RemoveAll(p => string.IsNullOrWhiteSpace(p.Hs2022 + p.Hs1992 + p.Rationale));
        }

        Edges.RemoveAll(e => string.IsNullOrWhiteSpace(e.From + e.To));
    }

    /// <summary>
    /// The definition the use case checks. Text that cannot be read (an order that is no number) becomes a value the
    /// checks refuse with their own message, so that every mistake is reported one way. A services stage without
    /// products has none at all, as in the files.
    /// </summary>
    public ChainDefinition ToDefinition() => new(
        Id.Trim(), Version.Trim(), Enum.TryParse<ChainKind>(Kind, out var kind) ? kind : ChainKind.Chain,
        int.TryParse(Order, NumberStyles.Integer, CultureInfo.InvariantCulture, out var order) ? order : 0,
        NameZh.Trim(), NameEn.Trim(), DescriptionZh.Trim(), DescriptionEn.Trim(), Colour.Trim(),
        [.. Stages.Select(s =>
        {
            var stageKind = Enum.TryParse<StageKind>(s.Kind, out var k) ? k : StageKind.Goods;
            var products = s.Products.Select(p => new ProductDefinition(p.Hs2022.Trim(), p.Hs1992.Split([',', ' ', ';', '，', '、'], StringSplitOptions.RemoveEmptyEntries), p.Rationale.Trim(), p.Proxy))
                .ToList();
            return new StageDefinition(s.Id.Trim(), s.NameZh.Trim(), s.NameEn.Trim(), Enum.TryParse<StagePosition>(s.Position, out var position) ? position : StagePosition.Upstream,
                stageKind, stageKind == StageKind.Services && products.Count == 0 ? null : products);
        })],
        [.. Edges.Select(e => new EdgeDefinition(e.From.Trim(), e.To.Trim()))]);

    /// <summary>Carries out an add or remove button; false for save (or an unknown command).</summary>
    public bool Apply()
    {
        var parts = (Command ?? "").Split(':');
        int At(int i) => parts.Length > i && int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1;
        static bool Within<T>(List<T> list, int i) => i >= 0 && i < list.Count;

        switch (parts[0])
        {
            case "add-stage":
                Stages.Add(new StageRow { Products = [new ProductRow()] });
                return true;
            case "remove-stage" when Within(Stages, At(1)):
                Stages.RemoveAt(At(1));
                return true;
            case "add-product" when Within(Stages, At(1)):
                Stages[At(1)].Products.Add(new ProductRow());
                return true;
            case "remove-product" when Within(Stages, At(1)) && Within(Stages[At(1)].Products, At(2)):
                Stages[At(1)].Products.RemoveAt(At(2));
                return true;
            case "add-edge":
                Edges.Add(new EdgeRow());
                return true;
            case "remove-edge" when Within(Edges, At(1)):
                Edges.RemoveAt(At(1));
                return true;
            default:
                return false;
        }
    }

    /// <summary>The error key of a stage's or product's field, as the use case reports it (<c>stages[2].products[0].hs2022</c>).</summary>
    public static string ErrorKey(int stage, string field) => $"stages[{stage}].{field}";

    public static string ErrorKey(int stage, int product, string field) => $"stages[{stage}].products[{product}].{field}";
}
