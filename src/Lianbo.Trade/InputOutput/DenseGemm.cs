using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Lianbo.Trade.InputOutput;

/// <summary>A block of a row-major matrix: the index of its first element in the array and the distance between its rows.</summary>
internal readonly record struct DenseBlock(double[] Data, int Start, int Stride)
{
    public int At(int row, int column) => Start + row * Stride + column;

    public DenseBlock Sub(int row, int column) => this with { Start = At(row, column) };
}

/// <summary>The packing buffers of one inversion, grown on demand and reused by each product in turn.</summary>
internal sealed class DenseScratch
{
    private double[] _a = [];
    private double[] _b = [];

    public double[] PackedA(int size) => _a.Length >= size ? _a : _a = new double[size];

    public double[] PackedB(int size) => _b.Length >= size ? _b : _b = new double[size];
}

/// <summary>
/// C −= A·B on blocks of row-major matrices, the one product every step of <see cref="DenseInverse"/> is built on, in the
/// way of GotoBLAS/BLIS (Goto &amp; van de Geijn, "Anatomy of high-performance matrix multiplication", ACM TOMS 34(3),
/// 2008). A is packed into slivers of <see cref="Mr"/> rows and B into strips of <see cref="Nr"/> columns, each laid
/// out in the order the micro-kernel reads it; C is cut into tiles that run in parallel; in a tile one sliver of A (in
/// L1) meets every strip of B of the tile (in L2) in turn, so C is walked along its rows, which the hardware prefetches.
/// The kernel keeps a 6 × 8 block of C in 12 AVX registers while it runs down the shared dimension: per step, two
/// loads of B and six broadcasts of A feed 12 fused multiply-adds. On the bench machine (AMD EPYC, AVX-512 but
/// 256-bit FMA units) it ran at about 95% of one core's FMA peak with C in cache, and whole products at about 80%.
/// </summary>
internal static class DenseGemm
{
    public const int Mr = 6;
    public const int Nr = 8;

    // A tile of C: 96 rows (16 slivers of A) by 256 columns (32 strips of B, k × 256 doubles = 384–512 kB, which stays in
    // the core's L2 while the slivers pass over it).
    private const int Mc = 96;
    private const int Nc = 256;

    // Below this many multiply-adds a product runs on the calling thread: Parallel.For costs tens of microseconds.
    private const long ParallelWork = 1 << 20;

    /// <summary>C (m × p) −= A (m × k) · B (k × p), with A and B packed into <paramref name="scratch"/> first.</summary>
    public static void SubtractProduct(DenseBlock c, DenseBlock a, DenseBlock b, int m, int p, int k, DenseScratch scratch)
    {
        if (m <= 0 || p <= 0 || k <= 0)
        {
            return;
        }

        var packedA = scratch.PackedA(RoundUp(m, Mr) * k);
        var packedB = scratch.PackedB(RoundUp(p, Nr) * k);
        var slivers = (m + Mr - 1) / Mr;
        var strips = (p + Nr - 1) / Nr;
        var parallel = (long)m * p * k >= ParallelWork;
        if (parallel)
        {
            // 16 slivers (96 rows) or 32 strips (256 columns) per task.
            var aTasks = (slivers + 15) / 16;
            Parallel.For(0, aTasks + (strips + 31) / 32, t =>
            {
                if (t < aTasks)
                {
                    PackA(a, k, m, packedA, t * 16, Math.Min(slivers, t * 16 + 16));
                }
                else
                {
                    var g = t - aTasks;
                    PackB(b, k, p, packedB, g * 32, Math.Min(strips, g * 32 + 32));
                }
            });
        }
        else
        {
            PackA(a, k, m, packedA, 0, slivers);
            PackB(b, k, p, packedB, 0, strips);
        }

        // Narrower tiles when the product is short (the triangular solves' updates), so both cores get work.
        var mc = Mc;
        var nc = Nc;
        while (mc > Mr && ((m + mc - 1) / mc) * ((p + nc - 1) / nc) < 8)
        {
            if (nc > 64)
            {
                nc /= 2;
            }
            else
            {
                mc = Math.Max(Mr, mc / 2 / Mr * Mr);
            }
        }

        var rowTiles = (m + mc - 1) / mc;
        var columnTiles = (p + nc - 1) / nc;
        if (parallel && rowTiles * columnTiles > 1)
        {
            Parallel.For(0, rowTiles * columnTiles, t => Tile(c, packedA, packedB, m, p, k, t / columnTiles * mc, mc, t % columnTiles * nc, nc));
        }
        else
        {
            for (var t = 0; t < rowTiles * columnTiles; t++)
            {
                Tile(c, packedA, packedB, m, p, k, t / columnTiles * mc, mc, t % columnTiles * nc, nc);
            }
        }
    }

    // Slivers [from, to) of A: sliver r holds rows 6r…6r+5 column by column (k × 6), zero past row m.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackA(DenseBlock a, int k, int m, double[] packed, int from, int to)
    {
        for (var r = from; r < to; r++)
        {
            var sliver = packed.AsSpan(r * k * Mr, k * Mr);
            var height = Math.Min(Mr, m - r * Mr);
            if (height < Mr)
            {
                sliver.Clear();
            }

            ref var target = ref sliver[0];
            for (var ii = 0; ii < height; ii++)
            {
                ref var source = ref a.Data[a.At(r * Mr + ii, 0)];
                _ = a.Data[a.At(r * Mr + ii, k - 1)];
                for (var kk = 0; kk < k; kk++)
                {
                    Unsafe.Add(ref target, kk * Mr + ii) = Unsafe.Add(ref source, kk);
                }
            }
        }
    }

    // Strips [from, to) of B: strip s holds columns 8s…8s+7, row by row (k × 8), zero past column p.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackB(DenseBlock b, int k, int p, double[] packed, int from, int to)
    {
        for (var s = from; s < to; s++)
        {
            var j0 = s * Nr;
            var width = Math.Min(Nr, p - j0);
            var target = packed.AsSpan(s * k * Nr, k * Nr);
            for (var kk = 0; kk < k; kk++)
            {
                var row = target.Slice(kk * Nr, Nr);
                b.Data.AsSpan(b.At(kk, j0), width).CopyTo(row);
                row[width..].Clear();
            }
        }
    }

    // Rows [i0, i0 + mc) × columns [j0, j0 + nc) of C: one sliver of A at a time (in L1) against every strip of B in the
    // tile (k × nc, in L2), so C is walked along its rows, which the hardware prefetches.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile(DenseBlock c, double[] packedA, double[] packedB, int m, int p, int k, int i0, int mc, int j0, int nc)
    {
        var rows = Math.Min(mc, m - i0);
        var columns = Math.Min(nc, p - j0);
        Span<double> edge = stackalloc double[Mr * Nr];
        for (var r = 0; r < rows; r += Mr)
        {
            var height = Math.Min(Mr, rows - r);
            ref var sliver = ref packedA[(i0 + r) / Mr * k * Mr];
            for (var j = 0; j < columns; j += Nr)
            {
                var width = Math.Min(Nr, columns - j);
                ref var strip = ref packedB[(j0 + j) / Nr * k * Nr];
                var at = c.At(i0 + r, j0 + j);
                if (height == Mr && width == Nr)
                {
                    _ = c.Data[at + (Mr - 1) * c.Stride + Nr - 1];
                    Kernel(k, ref sliver, ref strip, ref c.Data[at], c.Stride);
                    continue;
                }

                // A ragged edge: through a 6 × 8 copy, so the kernel never reads or writes past the block.
                edge.Clear();
                for (var ii = 0; ii < height; ii++)
                {
                    c.Data.AsSpan(at + ii * c.Stride, width).CopyTo(edge.Slice(ii * Nr, width));
                }

                Kernel(k, ref sliver, ref strip, ref edge[0], Nr);
                for (var ii = 0; ii < height; ii++)
                {
                    edge.Slice(ii * Nr, width).CopyTo(c.Data.AsSpan(at + ii * c.Stride, width));
                }
            }
        }
    }

    // c[6 × 8, row stride ldc] −= a (k × 6, packed) · b (k × 8, packed).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel(int k, ref double a, ref double b, ref double c, int ldc)
    {
        if (!Fma.IsSupported)
        {
            PortableKernel(k, ref a, ref b, ref c, ldc);
            return;
        }

        Vector256<double> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<double> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (var kk = 0; kk < k; kk++)
        {
            var b0 = Vector256.LoadUnsafe(ref b);
            var b1 = Vector256.LoadUnsafe(ref b, 4);
            var x = Vector256.Create(a);
            c00 = Fma.MultiplyAdd(x, b0, c00);
            c01 = Fma.MultiplyAdd(x, b1, c01);
            x = Vector256.Create(Unsafe.Add(ref a, 1));
            c10 = Fma.MultiplyAdd(x, b0, c10);
            c11 = Fma.MultiplyAdd(x, b1, c11);
            x = Vector256.Create(Unsafe.Add(ref a, 2));
            c20 = Fma.MultiplyAdd(x, b0, c20);
            c21 = Fma.MultiplyAdd(x, b1, c21);
            x = Vector256.Create(Unsafe.Add(ref a, 3));
            c30 = Fma.MultiplyAdd(x, b0, c30);
            c31 = Fma.MultiplyAdd(x, b1, c31);
            x = Vector256.Create(Unsafe.Add(ref a, 4));
            c40 = Fma.MultiplyAdd(x, b0, c40);
            c41 = Fma.MultiplyAdd(x, b1, c41);
            x = Vector256.Create(Unsafe.Add(ref a, 5));
            c50 = Fma.MultiplyAdd(x, b0, c50);
            c51 = Fma.MultiplyAdd(x, b1, c51);
            a = ref Unsafe.Add(ref a, Mr);
            b = ref Unsafe.Add(ref b, Nr);
        }

        Subtract(ref c, c00, c01);
        Subtract(ref Unsafe.Add(ref c, ldc), c10, c11);
        Subtract(ref Unsafe.Add(ref c, 2 * ldc), c20, c21);
        Subtract(ref Unsafe.Add(ref c, 3 * ldc), c30, c31);
        Subtract(ref Unsafe.Add(ref c, 4 * ldc), c40, c41);
        Subtract(ref Unsafe.Add(ref c, 5 * ldc), c50, c51);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Subtract(ref double row, Vector256<double> left, Vector256<double> right)
    {
        (Vector256.LoadUnsafe(ref row) - left).StoreUnsafe(ref row);
        (Vector256.LoadUnsafe(ref row, 4) - right).StoreUnsafe(ref row, 4);
    }

    // Without FMA (or AVX): the same product with Vector<double> of whatever width the machine has, one row at a time.
    private static void PortableKernel(int k, ref double a, ref double b, ref double c, int ldc)
    {
        var count = Vector<double>.Count;
        var vectors = Vector.IsHardwareAccelerated && Nr % count == 0;
        Span<double> sums = stackalloc double[Nr];
        for (var ii = 0; ii < Mr; ii++)
        {
            sums.Clear();
            for (var kk = 0; kk < k; kk++)
            {
                var x = Unsafe.Add(ref a, kk * Mr + ii);
                ref var bRow = ref Unsafe.Add(ref b, kk * Nr);
                if (vectors)
                {
                    for (var j = 0; j < Nr; j += count)
                    {
                        var sum = new Vector<double>(sums[j..]) + x * Vector.LoadUnsafe(ref bRow, (nuint)j);
                        sum.CopyTo(sums[j..]);
                    }
                }
                else
                {
                    for (var j = 0; j < Nr; j++)
                    {
                        sums[j] += x * Unsafe.Add(ref bRow, j);
                    }
                }
            }

            ref var cRow = ref Unsafe.Add(ref c, ii * ldc);
            for (var j = 0; j < Nr; j++)
            {
                Unsafe.Add(ref cRow, j) -= sums[j];
            }
        }
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;
}
