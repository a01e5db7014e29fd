using Microsoft.EntityFrameworkCore;

namespace Lianbo.Core;

/// <summary>One page of a longer list, with the total so that a client can page through it.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Total, int PageNumber, int PageSize)
{
    /// <summary>The same page with each item mapped (rows to DTOs, after the query).</summary>
    public Page<TOut> Map<TOut>(Func<T, TOut> map) => new([.. Items.Select(map)], Total, PageNumber, PageSize);
}

public static class PageQueries
{
    /// <summary>
    /// Page <paramref name="page"/> (from 1) of an ordered query, with the total; the order must end on a unique key
    /// (the id) so that pages neither repeat nor skip rows.
    /// </summary>
    public static async Task<Page<T>> ToPageAsync<T>(this IQueryable<T> ordered, int page, int pageSize, CancellationToken ct = default)
    {
        var total = await ordered.CountAsync(ct);
        var items = await ordered.Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return new Page<T>(items, total, page, pageSize);
    }
}
