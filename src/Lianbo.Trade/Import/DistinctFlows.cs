namespace Lianbo.Trade.Import;

/// <summary>
/// Proves, in the pass that checks a CSV's structure, that no two of its rows give the same flow (year, exporter,
/// importer, product), which spares the GROUP BY over the staged rows that would otherwise look for one
/// (<see cref="Store.ImportSession.RefuseDuplicatesAsync"/>). Each of those fields must be a plain whole number (digits,
/// in quotation marks or not), read as DuckDB reads it into an INTEGER (010632 is 10632). The proof is the order CEPII
/// ships BACI in: each (year, exporter, importer) on consecutive lines and on no others, its products rising line by
/// line; then no flow can come twice, and nothing but the current one and the ones already closed need be kept.
/// Anything else (a sign, spaces, a missing or very long number, a year or code out of the ranges packed here, rows
/// in another order, a repeated flow) leaves the answer unknown, and the GROUP BY finds a repeated flow with its lines.
/// Only "distinct" is ever concluded here.
/// </summary>
internal sealed class DistinctFlows
{
    private const byte Quote = (byte)'"';

    // Every (year, exporter, importer) already met, packed as one number; about 40 thousand in a year of BACI.
    private readonly HashSet<long> _groups = [];
    private readonly long[] _values = new long[4];
    private readonly byte _delimiter;

    // For each field up to the last of the flow's, where its value goes in _values (-1: not one of them).
    private readonly int[] _slots;

    private long _group = -1;
    private long _product = -1;

    /// <param name="columns">The fields of year, exporter, importer and product, in that order.</param>
    public DistinctFlows(int[] columns, byte delimiter)
    {
        _delimiter = delimiter;
        _slots = Enumerable.Repeat(-1, columns.Max() + 1).ToArray();
        for (var i = 0; i < columns.Length; i++)
        {
            _slots[columns[i]] = i;
        }
    }

    /// <summary>True when every row so far was read, in CEPII's order; once false it stays false.</summary>
    public bool Distinct { get; private set; } = true;

    public void Add(ReadOnlySpan<byte> line)
    {
        if (!Distinct || !Read(line))
        {
            Distinct = false;
            return;
        }

        var (year, exporter, importer, product) = (_values[0], _values[1], _values[2], _values[3]);
        if (year > 0x7FFF || exporter > 0xFF_FFFF || importer > 0xFF_FFFF)
        {
            Distinct = false;
            return;
        }

        var group = year << 48 | exporter << 24 | importer;
        if (group == _group ? product > _product : _groups.Add(group))
        {
            (_group, _product) = (group, product);
            return;
        }

        Distinct = false;
    }

    // The key columns' values into _values; false when one is not a plain whole number of at most nine digits.
    private bool Read(ReadOnlySpan<byte> line)
    {
        var start = 0;
        for (var field = 0; field < _slots.Length; field++)
        {
            if (start > line.Length)
            {
                return false;
            }

            var end = line[start..].IndexOf(_delimiter);
            end = end < 0 ? line.Length : start + end;
            if (_slots[field] is var slot and >= 0 && !Number(line[start..end], out _values[slot]))
            {
                return false;
            }

            start = end + 1;
        }

        return true;
    }

    private static bool Number(ReadOnlySpan<byte> text, out long value)
    {
        value = 0;
        if (text.Length >= 2 && text[0] == Quote && text[^1] == Quote)
        {
            text = text[1..^1];
        }

        if (text.IsEmpty || text.Length > 9)
        {
            return false;
        }

        foreach (var b in text)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            value = value * 10 + (b - '0');
        }

        return true;
    }
}
