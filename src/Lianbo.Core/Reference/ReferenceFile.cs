namespace Lianbo.Core.Reference;

/// <summary>Which version of a shipped reference file the store holds, so that loading is idempotent.</summary>
public sealed class ReferenceFile
{
    public required string Name { get; set; }
    public required string Sha256 { get; set; }
    public int Rows { get; set; }
    public DateTimeOffset LoadedAt { get; set; }
}
