using BenchmarkDotNet.Attributes;
using Lianbo.Core.Reference;

namespace Lianbo.Bench;

/// <summary>Reading and checking every shipped reference file (the work done before a reference load).</summary>
[MemoryDiagnoser]
[MedianColumn]
public class ReferenceBenchmarks
{
    private readonly string _directory = Path.Combine(AppContext.BaseDirectory, "reference");

    [Benchmark]
    public int ReadAndCheckReferenceFiles()
    {
        var data = ReferenceData.Read(_directory);
        return data.Countries.Count + data.HsCodes.Count;
    }
}
