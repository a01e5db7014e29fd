using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace Lianbo.Trade.Import;

/// <summary>
/// What a zip archive may unpack to, so that a small file cannot fill the disk or the store (a zip bomb). The defaults
/// take CEPII's whole BACI release with room to spare: about 35 entries (one CSV per year since 1995, two dictionaries,
/// a readme), each year 250–300 MB unpacked, about 9 GB in all, packed about 4:1.
/// </summary>
/// <param name="MaxEntries">Entries in the archive, read from its end record before any entry is looked at.</param>
/// <param name="MaxEntryBytes">What one entry may unpack to: several times BACI's largest year.</param>
/// <param name="MaxTotalBytes">What all entries together may unpack to: three times a whole BACI release.</param>
/// <param name="MaxRatio">Unpacked bytes per packed byte of one entry: BACI packs about 4:1; only padding (zeros, one line repeated) packs past 100:1.</param>
public sealed record ArchiveLimits(int MaxEntries = 1_000, long MaxEntryBytes = 2L << 30, long MaxTotalBytes = 32L << 30, int MaxRatio = 100);

/// <summary>
/// Opens zip archives within <see cref="ArchiveLimits"/>: every entry's declared sizes are checked before anything is
/// unpacked, and the bytes really unpacked are counted, since a header can lie. A refused archive is a
/// <see cref="TradeDataException"/> without a line, naming the archive and the entry.
/// </summary>
internal static class SafeZip
{
    // Up to this size an entry is not judged by its ratio: a small file of repeated bytes packs far past any cap and costs nothing.
    private const long RatioGrace = 1 << 20;

    private const uint EndRecord = 0x06054b50;
    private const uint Zip64Locator = 0x07064b50;
    private const uint Zip64EndRecord = 0x06064b50;

    /// <summary>The name of an entry in errors: the archive as the caller shows it, then the entry (<c>BACI.zip!BACI_HS92_Y2021.csv</c>).</summary>
    public static string Name(string shownAs, ZipArchiveEntry entry) => $"{shownAs}!{entry.FullName}";

    /// <summary>Opens <paramref name="path"/>, refusing it before any entry is unpacked when its declared sizes pass a cap.</summary>
    public static ZipArchive Open(string path, string shownAs, ArchiveLimits limits)
    {
        var file = File.OpenRead(path);
        try
        {
            if (DeclaredEntries(file) is { } count && count > limits.MaxEntries)
            {
                throw new TradeDataException(shownAs, null, TradeText.Format("ArchiveEntries", count, limits.MaxEntries));
            }

            file.Position = 0;
            var zip = new ZipArchive(file, ZipArchiveMode.Read);
            Check(zip, shownAs, limits);
            return zip;
        }
        catch (InvalidDataException)
        {
            file.Dispose();
            throw new TradeDataException(shownAs, null, TradeText.Format("ArchiveUnreadable"));
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    private static void Check(ZipArchive zip, string shownAs, ArchiveLimits limits)
    {
        if (zip.Entries.Count > limits.MaxEntries)
        {
            throw new TradeDataException(shownAs, null, TradeText.Format("ArchiveEntries", zip.Entries.Count, limits.MaxEntries));
        }

        long total = 0;
        foreach (var entry in zip.Entries)
        {
            if (entry.Length > limits.MaxEntryBytes)
            {
                throw new TradeDataException(Name(shownAs, entry), null, TradeText.Format("ArchiveEntryTooLarge", entry.Length, limits.MaxEntryBytes));
            }

            if (entry.Length > RatioGrace && entry.Length > (double)limits.MaxRatio * entry.CompressedLength)
            {
                throw new TradeDataException(Name(shownAs, entry), null,
                    TradeText.Format("ArchiveRatio", entry.Length / Math.Max(entry.CompressedLength, 1), limits.MaxRatio));
            }

            total += entry.Length;
            if (total > limits.MaxTotalBytes)
            {
                throw new TradeDataException(shownAs, null, TradeText.Format("ArchiveTotalTooLarge", limits.MaxTotalBytes));
            }
        }
    }

    /// <summary>
    /// Unpacks <paramref name="entry"/> to <paramref name="path"/>, counting the bytes as they come and stopping past the
    /// size its header declared (already within the caps). Fewer bytes, more, or other bytes than the header says
    /// (its CRC-32) refuse the archive: ZipArchive itself silently cuts an entry at its declared size.
    /// </summary>
    public static async Task ExtractAsync(ZipArchiveEntry entry, string path, string shownAs, CancellationToken ct)
    {
        var crc = new Crc32();
        long unpacked = 0;
        await using (var source = entry.Open())
        await using (var target = File.Create(path))
        {
            var buffer = new byte[1 << 16];
            int read;
            while ((read = await source.ReadAsync(buffer, ct)) > 0)
            {
                unpacked += read;
                if (unpacked > entry.Length)
                {
                    break;
                }

                crc.Append(buffer.AsSpan(0, read));
                await target.WriteAsync(buffer.AsMemory(0, read), ct);
            }
        }

        if (unpacked != entry.Length || crc.GetCurrentHashAsUInt32() != entry.Crc32)
        {
            throw new TradeDataException(Name(shownAs, entry), null, TradeText.Format("ArchiveEntryMismatch"));
        }
    }

    // The entry count of the archive's end record (ZIP64's when the classic one says 0xFFFF), read before ZipArchive
    // makes an object of every entry: a few megabytes of archive can declare millions of empty entries. Null when there
    // is no end record; ZipArchive then refuses the file itself.
    private static long? DeclaredEntries(FileStream file)
    {
        var tail = new byte[(int)Math.Min(file.Length, 22 + ushort.MaxValue)];
        file.Seek(-tail.Length, SeekOrigin.End);
        file.ReadExactly(tail);
        for (var at = tail.Length - 22; at >= 0; at--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(at)) != EndRecord)
            {
                continue;
            }

            var count = BinaryPrimitives.ReadUInt16LittleEndian(tail.AsSpan(at + 10));
            if (count != ushort.MaxValue)
            {
                return count;
            }

            // ZIP64: a locator just before the end record tells where the ZIP64 end record, with an 8-byte count, is.
            if (at < 20 || BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(at - 20)) != Zip64Locator)
            {
                return count;
            }

            var offset = BinaryPrimitives.ReadInt64LittleEndian(tail.AsSpan(at - 20 + 8));
            if (offset < 0 || offset > file.Length - 40)
            {
                return null;
            }

            var record = new byte[40];
            file.Seek(offset, SeekOrigin.Begin);
            file.ReadExactly(record);
            return BinaryPrimitives.ReadUInt32LittleEndian(record) == Zip64EndRecord ? BinaryPrimitives.ReadInt64LittleEndian(record.AsSpan(32)) : null;
        }

        return null;
    }
}
