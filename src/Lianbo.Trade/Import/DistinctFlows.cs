namespace Lianbo.Trade.Import;

/// <summary>
/// Proves, in the pass that checks a CSV's structure, that no two of its rows give the same flow (year, exporter,
/// importer, product), which spares the GROUP BY over the staged rows that would otherwise look for one
/// (<see cref="Store.ImportSession.RefuseDuplicatesAsync"/>). Each of those fields must be a plain whole number (digits,
/// in quotation marks or not), read as DuckDB reads it into an INTEGER (010632 is 10632); a bit per product is kept for
/// every year, exporter and importer seen. Anything else (a sign, spaces, a missing or very long number, a year or
/// code out of the ranges packed here) leaves the answer unknown; so does a repeated flow, whose lines the GROUP BY then
/// finds. Only "distinct" is ever concluded here.
/// </summary>
internal sealed class DistinctFlows
{
    private const byte Quote = (byte)'"';
    private const int MaxProduct = 999_999;

    // (year, exporter, importer) → its products' bits; a BACI file is sorted by them, so the last one is kept at hand.
    private readonly Dictionary<long, ulong[]> _bits = [];
    private readonly int[] _productIndex = new int[MaxProduct + 1];
    private readonly long[] _values = new long[4];
    private readonly byte _delimiter;

    // For each field up to the last of the flow's, where its value goes in _values (-1: not one of them).
    private readonly int[] _slots;

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
    private int _products;
    private long _lastKey = -1;
    private ulong[] _last = [];

    /// <summary>True when every row so far was read and no flow came twice; once false it stays false.</summary>
    public bool Distinct { get; private set; } = true;

    public void Add(ReadOnlySpan<byte> line)
    {
        if (!Distinct || !Read(line))
        {
            Distinct = false;
            return;
        }

        var (year, exporter, importer, product) = (_values[0], _values[1], _values[2], _values[3]);
        if (year > 0x7FFF || exporter > 0xFF_FFFF || importer > 0xFF_FFFF || product > MaxProduct)
        {
            Distinct = false;
            return;
        }

        var key = year << 48 | exporter << 24 | importer;
        if (key != _lastKey)
        {
            if (!_bits.TryGetValue(key, out var bits))
            {
                _bits[key] = bits = new ulong[1];
            }

            (_lastKey, _last) = (key, bits);
        }

        // Products are numbered as they first appear (index + 1 stored, 0 is "not seen"), so the bits stay dense.
        var index = _productIndex[product] - 1;
        if (index < 0)
        {
            index = _products++;
            _productIndex[product] = index + 1;
        }

        var word = index >> 6;
        if (word >= _last.Length)
        {
            var grown = _last;
            Array.Resize(ref grown, Math.Max(word + 1, 2 * _last.Length));
            _bits[key] = _last = grown;
        }

        var bit = 1UL << (index & 63);
        if ((_last[word] & bit) != 0)
        {
            Distinct = false;
            return;
        }

        _last[word] |= bit;
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
