using Lianbo.Core;

namespace Lianbo.Web.Platform;

/// <summary>The <c>page</c> and <c>pageSize</c> query values of a paged list endpoint, checked the same way everywhere.</summary>
public static class PageRequest
{
    /// <summary>The default page size of the lists paged with this (docs/api.md, "Paging and limits").</summary>
    public const int DefaultSize = 50;

    /// <summary>The largest page size of those lists.</summary>
    public const int MaxSize = 200;

    /// <summary>An error per value out of range: page from 1, pageSize 1–<paramref name="max"/>; none when both are absent.</summary>
    public static FieldErrors Check(int? page, int? pageSize, int max = MaxSize)
    {
        var errors = new FieldErrors();
        if (page is < 1)
        {
            errors.Add("page", Messages.Format("MustBePositive", Messages.Field("page")));
        }

        if (pageSize is < 1 || pageSize > max)
        {
            errors.Add("pageSize", Messages.Format("OutOfRange", Messages.Field("pageSize"), 1, max));
        }

        return errors;
    }
}
