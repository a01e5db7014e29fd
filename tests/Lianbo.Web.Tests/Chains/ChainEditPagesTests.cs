using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Lianbo.Core.Accounts;
using Lianbo.Core.Chains;
using Lianbo.Web.Tests.Accounts;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Lianbo.Web.Tests.Chains;

/// <summary>The chain pages for organisers: the edit form posted as a browser posts it, the import form, and who sees what.</summary>
public partial class ChainEditPagesTests
{
    private const string Password = "correct horse battery staple";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // The new-chain form as an organiser fills it in: a goods stage supplying a services stage.
    private static (string, string)[] NewChain(string nameZh, string hs2022) =>
    [
        ("Form.Id", "cobalt-chain"), ("Form.Version", "2025.1"), ("Form.Kind", "Chain"), ("Form.Order", "9"), ("Form.Colour", "#225588"),
        ("Form.NameZh", nameZh), ("Form.NameEn", "Cobalt Chain"), ("Form.DescriptionZh", "钴从矿山到精炼。"), ("Form.DescriptionEn", "Cobalt from mine to refinery."),
        ("Form.Stages[0].Id", "ores"), ("Form.Stages[0].NameZh", "钴矿"), ("Form.Stages[0].NameEn", "Cobalt ores"),
        ("Form.Stages[0].Position", "Upstream"), ("Form.Stages[0].Kind", "Goods"),
        ("Form.Stages[0].Products[0].Hs2022", hs2022), ("Form.Stages[0].Products[0].Hs1992", "2605"), ("Form.Stages[0].Products[0].Rationale", "Cobalt ores and concentrates."),
        ("Form.Stages[1].Id", "shipping"), ("Form.Stages[1].NameZh", "海运"), ("Form.Stages[1].NameEn", "Shipping"),
        ("Form.Stages[1].Position", "Midstream"), ("Form.Stages[1].Kind", "Services"),
        ("Form.Edges[0].From", "ores"), ("Form.Edges[0].To", "shipping"),
    ];

    [Theory]
    [InlineData("en", "not a 4- or 6-digit code of HS 2022", "nameZh needs text in Chinese")]
    [InlineData("zh-CN", "不是 HS 2022 的 4 位或 6 位编码", "nameZh 须为中文文本")]
    public async Task The_edit_form_shows_each_mistake_beside_its_field_in_the_page_language_then_saves(string language, string badCode, string notChinese)
    {
        await using var app = await LianboApp.StartAsync();
        var organiser = await SignedInAsync(app, await app.CreateUserAsync(Roles.Organiser), language);

        var refused = await organiser.PostFormAsync("/chains/new", "chain", [.. NewChain("Cobalt", "2699"), ("Form.Command", "save")]);
        var html = await refused.HtmlAsync();
        var saved = await organiser.PostFormAsync("/chains/new", "chain", [.. NewChain("钴产业链", "2605"), ("Form.Command", "save")]);
        var added = await (await organiser.PostFormAsync("/chains/cobalt-chain/edit", "chain",
            [.. NewChain("钴产业链", "2605"), ("Form.Command", "add-product:0")])).HtmlAsync();
        var edited = await organiser.PostFormAsync("/chains/cobalt-chain/edit", "chain",
            [.. NewChain("钴产业链", "2605").Where(f => f.Item1 != "Form.NameEn"), ("Form.NameEn", "Cobalt"), ("Form.Stages[0].Products[1].Hs2022", "810520"), ("Form.Stages[0].Products[1].Hs1992", " 810510 "),
                ("Form.Stages[0].Products[1].Rationale", "Cobalt mattes and unwrought cobalt."), ("Form.Command", "save")]);
        var chain = await app.CreateClient().GetFromJsonAsync<JsonElement>("/api/chains/cobalt-chain", Ct);

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Matches($"data-field=\"stages\\[0\\]\\.products\\[0\\]\\.hs2022\">[^<]*{Regex.Escape(badCode)}", html);
        Assert.Matches($"data-field=\"nameZh\">[^<]*{Regex.Escape(notChinese)}", html);
        Assert.Contains("value=\"Cobalt ores and concentrates.\"", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("/chains/cobalt-chain", saved.Headers.Location!.AbsolutePath);
        Assert.Contains("id=\"product-row-0-1\"", added, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"product-row-0-2\"", added, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        Assert.Equal("Cobalt", chain.GetProperty("nameEn").GetString());
        Assert.Equal(["810520", "2605"], chain.GetProperty("stages")[0].GetProperty("products").EnumerateArray().Select(p => p.GetProperty("hs2022").GetString()).Order().Reverse());
        Assert.Equal(["810510"], chain.GetProperty("stages")[0].GetProperty("products").EnumerateArray()
            .Single(p => p.GetProperty("hs2022").GetString() == "810520").GetProperty("hs1992").EnumerateArray().Select(c => c.GetString()));
        Assert.False(chain.GetProperty("stages")[1].TryGetProperty("products", out var none) && none.ValueKind == JsonValueKind.Array);
    }

    [Fact]
    public async Task Only_organisers_see_the_chain_tools_and_shipped_chains_are_copied_not_edited()
    {
        await using var app = await LianboApp.StartAsync();
        var organiser = await SignedInAsync(app, await app.CreateUserAsync(Roles.Organiser));
        var participant = await SignedInAsync(app, await app.CreateUserAsync(Roles.Participant, "Alpha Cells"));
        var visitor = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var organiserList = await organiser.GetStringAsync("/chains", Ct);
        var participantList = await participant.GetStringAsync("/chains", Ct);
        var shippedEdit = WebUtility.HtmlDecode(await organiser.GetStringAsync("/chains/smart-vehicles/edit", Ct));
        var copy = WebUtility.HtmlDecode(await organiser.GetStringAsync("/chains/new?copy=smart-vehicles", Ct));
        var forbiddenPost = await participant.PostAsync("/chains/smart-vehicles/edit", new FormUrlEncodedContent([new("_handler", "chain")]), Ct);

        Assert.Contains("id=\"chain-tools\"", organiserList, StringComparison.Ordinal);
        Assert.Contains("href=\"/chains/new?copy=smart-vehicles\"", organiserList, StringComparison.Ordinal);
        Assert.Contains("href=\"/api/chains/smart-vehicles/file\"", organiserList, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/chains/smart-vehicles/edit\"", organiserList, StringComparison.Ordinal);
        Assert.DoesNotContain("chain-tools", participantList, StringComparison.Ordinal);
        Assert.DoesNotContain("/chains/new", participantList, StringComparison.Ordinal);
        Assert.Contains("id=\"chain-read-only\"", shippedEdit, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"chain-form\"", shippedEdit, StringComparison.Ordinal);
        Assert.Contains("value=\"smart-vehicles-copy\"", copy, StringComparison.Ordinal);
        Assert.Contains("value=\"Smart Vehicles Chain\"", copy, StringComparison.Ordinal);
        foreach (var path in new[] { "/chains/new", "/chains/smart-vehicles/edit" })
        {
            Assert.Equal("/account/denied", (await participant.GetAsync(path, Ct)).Headers.Location!.AbsolutePath);
            Assert.Equal("/account/login", (await visitor.GetAsync(path, Ct)).Headers.Location!.AbsolutePath);
        }

        Assert.NotEqual(HttpStatusCode.OK, forbiddenPost.StatusCode);
    }

    [Fact]
    public async Task An_organiser_imports_a_chain_file_from_the_chain_list_and_removes_it_from_its_edit_page()
    {
        await using var app = await LianboApp.StartAsync();
        var organiser = await SignedInAsync(app, await app.CreateUserAsync(Roles.Organiser));
        var participant = await SignedInAsync(app, await app.CreateUserAsync(Roles.Participant, "Alpha Cells"));
        var file = ChainFiles.Write(ChainEditApiTests.Recycling());

        var bad = WebUtility.HtmlDecode(await (await UploadAsync(organiser, file.Replace("\"8549\"", "\"8599\"", StringComparison.Ordinal))).Content.ReadAsStringAsync(Ct));
        var byParticipant = await UploadAsync(participant, file);
        var good = WebUtility.HtmlDecode(await (await UploadAsync(organiser, file)).Content.ReadAsStringAsync(Ct));
        var edit = await organiser.GetStringAsync("/chains/battery-recycling/edit", Ct);
        var removed = await organiser.PostFormAsync("/chains/battery-recycling/edit", "delete-chain", ("ConfirmDelete", "true"));

        Assert.Contains("recycling.json / battery-recycling / scrap / 8599: not a 4- or 6-digit code of HS 2022", bad, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, byParticipant.StatusCode);
        Assert.Contains("Imported 1 chain(s): battery-recycling", good, StringComparison.Ordinal);
        Assert.Contains("href=\"/chains/battery-recycling/edit\"", good, StringComparison.Ordinal);
        Assert.Contains("id=\"chain-form\"", edit, StringComparison.Ordinal);
        Assert.Equal("/chains", removed.Headers.Location!.AbsolutePath);
        Assert.Equal(HttpStatusCode.NotFound, (await organiser.GetAsync("/api/chains/battery-recycling", Ct)).StatusCode);
    }

    [Theory]
    [InlineData("en", "the HS 1992 equivalents miss 810510", "Saved, with 1 warning(s)")]
    [InlineData("zh-CN", "HS 1992 对应编码缺少 810510", "已保存，下方列出 1 条警告")]
    public async Task A_chain_that_misses_UNSDs_conversion_is_saved_and_the_editor_shows_the_warning_beside_the_codes(string language, string missing, string savedWithWarnings)
    {
        await using var app = await LianboApp.StartAsync();
        var organiser = await SignedInAsync(app, await app.CreateUserAsync(Roles.Organiser), language);
        // UNSD converts 810520 (cobalt mattes, unwrought cobalt) to HS 1992 810510, not 810590; the product is ticked as a proxy.
        (string, string)[] form = [.. NewChain("钴产业链", "2605"), ("Form.Stages[0].Products[1].Hs2022", "810520"), ("Form.Stages[0].Products[1].Hs1992", "810590"),
            ("Form.Stages[0].Products[1].Rationale", "Cobalt mattes and unwrought cobalt."), ("Form.Stages[0].Products[1].Proxy", "true")];

        var created = await organiser.PostFormAsync("/chains/new", "chain", [.. form, ("Form.Command", "save")]);
        var edit = WebUtility.HtmlDecode(await organiser.GetStringAsync("/chains/cobalt-chain/edit", Ct));
        var saved = WebUtility.HtmlDecode(await (await organiser.PostFormAsync("/chains/cobalt-chain/edit", "chain", [.. form, ("Form.Command", "save")])).HtmlAsync());
        var fixedUp = await organiser.PostFormAsync("/chains/cobalt-chain/edit", "chain",
            [.. form.Where(f => f.Item1 != "Form.Stages[0].Products[1].Hs1992"), ("Form.Stages[0].Products[1].Hs1992", "810510"), ("Form.Command", "save")]);
        var chain = await app.CreateClient().GetFromJsonAsync<JsonElement>("/api/chains/cobalt-chain", Ct);

        Assert.Equal("/chains/cobalt-chain/edit", created.Headers.Location!.AbsolutePath);
        Assert.Contains("id=\"chain-warnings\"", edit, StringComparison.Ordinal);
        Assert.Matches($"class=\"field-warning\" data-field=\"stages\\[0\\]\\.products\\[1\\]\\.hs1992\">[^<]*{Regex.Escape(missing)}", edit);
        Assert.Matches("name=\"Form.Stages\\[0\\].Products\\[1\\].Proxy\" value=\"true\" checked", edit);
        Assert.Contains(savedWithWarnings, saved, StringComparison.Ordinal);
        Assert.Equal(("/chains/cobalt-chain"), fixedUp.Headers.Location!.AbsolutePath);
        Assert.True(chain.GetProperty("stages")[0].GetProperty("products").EnumerateArray().Single(p => p.GetProperty("hs2022").GetString() == "810520").GetProperty("proxy").GetBoolean());
    }

    // The import form is multipart (a file), so it is posted here rather than with the url-encoded helper.
    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string json)
    {
        var html = await client.GetStringAsync("/chains", Ct);
        var token = AntiforgeryField().Match(html).Groups[1].Value;
        using var form = new MultipartFormDataContent
        {
            { new StringContent("import-chains"), "_handler" },
            { new StringContent(WebUtility.HtmlDecode(token)), "__RequestVerificationToken" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(json)), "ChainFile", "recycling.json" },
        };
        return await client.PostAsync("/chains", form, Ct);
    }

    private static async Task<HttpClient> SignedInAsync(LianboApp app, TestUser user, string language = "en")
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync(user.Email, Password)).StatusCode);
        return client;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
