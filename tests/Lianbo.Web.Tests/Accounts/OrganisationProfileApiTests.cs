using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Lianbo.Core.Accounts;
using Lianbo.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Lianbo.Web.Tests.Accounts;

/// <summary>An organisation's admin describes it and uploads its logo over the API; the logo is served as what it is.</summary>
public class OrganisationProfileApiTests
{
    // 4 × 4 red squares drawn by Chromium's canvas and saved with toDataURL in each format.
    internal static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAYAAACp8Z5+AAAAIElEQVR4AYTIsQkAABDCwOD+o/1Obys2BtKcDj4X1QYDAAD//+oYC6MAAAAGSURBVAMAqy8HNQbrplMAAAAASUVORK5CYII=");

    internal static readonly byte[] Jpeg = Convert.FromBase64String(
        "/9j/4AAQSkZJRgABAQAAAQABAAD/4gHYSUNDX1BST0ZJTEUAAQEAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADb/2wBDAAMCAgICAgMCAgIDAwMDBAYEBAQEBAgGBgUGCQgKCgkICQkKDA8MCgsOCwkJDRENDg8QEBEQCgwSExIQEw8QEBD/2wBDAQMDAwQDBAgEBAgQCwkLEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBD/wAARCAAEAAQDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAj/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFQEBAQAAAAAAAAAAAAAAAAAABwn/xAAUEQEAAAAAAAAAAAAAAAAAAAAA/9oADAMBAAIRAxEAPwCTABIog//Z");

    internal static readonly byte[] Webp = Convert.FromBase64String(
        "UklGRh4CAABXRUJQVlA4WAoAAAAgAAAAAwAAAwAASUNDUMgBAAAAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADZWUDggMAAAANABAJ0BKgQABAABQCYloAJ0ugH4AAOwAP73WS/+QWlct4A//jKnxlT4yp/xcwAAAA==");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ByteArrayContent Image(byte[] bytes, string declared)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(declared);
        return content;
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task An_admin_uploads_a_logo_checked_by_its_bytes_served_with_its_type_and_nosniff(string provider)
    {
        await using var app = await LianboApp.StartAsync(provider);
        var admin = await app.CreateUserAsync(Roles.Participant, organisation: "Logo Works", isPublic: true);
        var other = await app.CreateUserAsync(Roles.Participant, organisation: "Other Works", isPublic: true);
        var organiser = app.ClientFor(await app.CreateUserAsync(Roles.Organiser));
        var client = app.ClientFor(admin);
        var id = admin.OrganisationId!.Value;
        var url = $"/api/organisations/{id}/logo";

        var served = new List<(string? Type, byte[] Bytes)>();
        foreach (var image in new[] { Jpeg, Webp, Png })
        {
            // The declared type and name say nothing: each is sent as a PNG.
            var saved = await client.PutAsync(url, Image(image, "image/png"), Ct);
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
            var logoUrl = (await saved.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("logoUrl").GetString()!;
            var read = await app.CreateClient().GetAsync(logoUrl, Ct);
            Assert.Equal("nosniff", read.Headers.GetValues("X-Content-Type-Options").Single());
            served.Add((read.Content.Headers.ContentType?.MediaType, await read.Content.ReadAsByteArrayAsync(Ct)));
        }

        Assert.Equal(["image/jpeg", "image/webp", "image/png"], served.Select(s => s.Type));
        Assert.Equal([Jpeg, Webp, Png], served.Select(s => s.Bytes));

        // Text named and declared as a PNG, a GIF, nothing at all: refused by the bytes, in both languages, the PNG kept.
        var text = await client.PutAsync(url, Image("<svg onload=alert(1)>"u8.ToArray(), "image/png"), Ct);
        var gif = await client.PutAsync(url, Image("GIF89a\x01\x00\x01\x00"u8.ToArray(), "image/gif"), Ct);
        var chinese = new HttpRequestMessage(HttpMethod.Put, url) { Content = Image("%PDF-1.7"u8.ToArray(), "image/png") };
        chinese.Headers.Authorization = new("Bearer", admin.Token);
        chinese.Headers.AcceptLanguage.ParseAdd("zh-CN");
        var inChinese = await client.SendAsync(chinese, Ct);
        var empty = await client.PutAsync(url, Image([], "image/png"), Ct);
        foreach (var refused in new[] { text, gif, inChinese, empty })
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }

        Assert.Equal("The logo must be a PNG, JPEG or WebP image; this file is none of them, whatever its name says", await LogoError(text));
        Assert.Equal("The logo must be a PNG, JPEG or WebP image; this file is none of them, whatever its name says", await LogoError(gif));
        Assert.Equal("标志必须是 PNG、JPEG 或 WebP 图片；无论文件名如何，此文件都不是这三种格式", await LogoError(inChinese));
        Assert.Equal("Choose an image file for the logo", await LogoError(empty));

        // One byte over 1 MiB: 413 naming the limit; the stored logo is still the PNG.
        var large = new byte[OrganisationLogos.MaxBytes + 1];
        Png.CopyTo(large, 0);
        var tooLarge = await client.PutAsync(url, Image(large, "image/png"), Ct);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Contains("1 MiB", (await tooLarge.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(Png, await app.CreateClient().GetByteArrayAsync(url, Ct));

        // Another organisation's admin may not replace or remove it; an organiser may.
        var byOther = await app.ClientFor(other).PutAsync(url, Image(Jpeg, "image/jpeg"), Ct);
        var removedByOther = await app.ClientFor(other).DeleteAsync(url, Ct);
        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (byOther.StatusCode, removedByOther.StatusCode));
        Assert.Equal(Png, await app.CreateClient().GetByteArrayAsync(url, Ct));
        Assert.Equal(HttpStatusCode.OK, (await organiser.PutAsync(url, Image(Jpeg, "image/jpeg"), Ct)).StatusCode);
        Assert.Equal(Jpeg, await app.CreateClient().GetByteArrayAsync(url, Ct));

        // The file is in the state directory, named by the id; removed with the logo.
        var directory = app.Services.GetRequiredService<IOptions<LianboOptions>>().Value.DataDirectory;
        var file = Path.Combine(Path.GetFullPath(directory), "logos", id.ToString("N"));
        Assert.Equal(Jpeg, await File.ReadAllBytesAsync(file, Ct));
        Assert.Equal(HttpStatusCode.OK, (await client.DeleteAsync(url, Ct)).StatusCode);
        Assert.False(File.Exists(file));
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync(url, Ct)).StatusCode);
        var actions = await app.WithServicesAsync(s => s.GetRequiredService<LianboDbContext>().AuditEntries
            .Where(e => e.EntityId == id.ToString() && e.Action.StartsWith("organisation.logo")).Select(e => e.Action).ToListAsync(Ct));
        Assert.Equal(4, actions.Count(a => a == "organisation.logo"));
        Assert.Equal(1, actions.Count(a => a == "organisation.logo-remove"));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task An_unlisted_organisations_logo_is_seen_by_its_members_only_and_its_description_is_saved_in_both_languages(string provider)
    {
        await using var app = await LianboApp.StartAsync(provider);
        var admin = await app.CreateUserAsync(Roles.Participant, organisation: "Quiet Works", isPublic: false);
        var other = await app.CreateUserAsync(Roles.Participant, organisation: "Nosy Works", isPublic: true);
        var id = admin.OrganisationId!.Value;
        var client = app.ClientFor(admin);
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync($"/api/organisations/{id}/logo", Image(Png, "application/octet-stream"), Ct)).StatusCode);

        var saved = await client.PutAsJsonAsync($"/api/organisations/{id}", new
        {
            nameEn = "Quiet Works", nameZh = "安静工厂", countryIso3 = "CHN", type = "Enterprise", isPublic = false, website = "https://quiet.example",
            descriptionEn = "Cathode materials for lithium-ion cells", descriptionZh = "锂离子电池正极材料",
        }, Ct);
        var tooLong = await client.PutAsJsonAsync($"/api/organisations/{id}", new
        {
            nameEn = "Quiet Works", nameZh = "安静工厂", countryIso3 = "CHN", type = "Enterprise", descriptionZh = new string('锂', Organisations.MaxDescription + 1),
        }, Ct);

        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var body = await saved.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(("Cathode materials for lithium-ion cells", "锂离子电池正极材料"), (body.GetProperty("descriptionEn").GetString(), body.GetProperty("descriptionZh").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.True((await tooLong.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("descriptionZh", out _));
        Assert.Equal("锂离子电池正极材料", (await client.GetFromJsonAsync<JsonElement>($"/api/organisations/{id}", Ct)).GetProperty("descriptionZh").GetString());

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/organisations/{id}/logo", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.ClientFor(other).GetAsync($"/api/organisations/{id}/logo", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync($"/api/organisations/{id}/logo", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.ClientFor(other).PutAsync($"/api/organisations/{id}/logo", Image(Png, "image/png"), Ct)).StatusCode);
    }

    [Fact]
    public async Task A_listed_organisations_logo_and_description_reach_the_directory_and_its_page()
    {
        await using var app = await LianboApp.StartAsync();
        var admin = await app.CreateUserAsync(Roles.Participant, organisation: "Bright Cells", isPublic: true);
        var readerUser = await app.CreateUserAsync(Roles.Participant, organisation: "Curious Buyers", isPublic: true);
        var reader = app.ClientFor(readerUser);
        var id = admin.OrganisationId!.Value;
        var client = app.ClientFor(admin);
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync($"/api/organisations/{id}/logo", Image(Png, "image/png"), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync($"/api/organisations/{id}", new
        {
            nameEn = "Bright Cells", nameZh = "明亮电芯", countryIso3 = "CHN", type = "Enterprise", isPublic = true,
            descriptionEn = "Cells for storage", descriptionZh = "储能电芯",
        }, Ct)).StatusCode);

        var listed = await reader.GetFromJsonAsync<JsonElement>("/api/matchmaking/participants?search=Bright", Ct);
        var card = Assert.Single(listed.GetProperty("items").EnumerateArray().ToList());
        var logoUrl = card.GetProperty("logoUrl").GetString()!;
        var browser = await AccountPagesTests.SignedInAsync(app, readerUser);
        var page = await browser.GetStringAsync($"/participants/{id}", Ct);

        Assert.Equal("Cells for storage", card.GetProperty("descriptionEn").GetString());
        Assert.Equal("image/png", (await reader.GetAsync(logoUrl, Ct)).Content.Headers.ContentType?.MediaType);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(logoUrl), page, StringComparison.Ordinal);
        Assert.Contains(">Cells for storage</p>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("储能电芯", page, StringComparison.Ordinal);
    }

    private static async Task<string?> LogoError(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").GetProperty("logo")[0].GetString();
}
