namespace Lianbo.Core;

/// <summary>One page of a longer list, with the total so that a client can page through it.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Total, int PageNumber, int PageSize);
