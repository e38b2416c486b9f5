using NasBench.Core.SearchSpace;

namespace NasBench.Core.Tests.SearchSpace;

/// <summary>One enumeration of the space shared by the tests that need it (a few seconds).</summary>
public sealed class SpaceFixture
{
    private static readonly Lazy<CellIndex> Shared = new(() => SpaceEnumerator.Enumerate());

    public CellIndex Index => Shared.Value;

    public static CellIndex SharedIndex => Shared.Value;
}

[CollectionDefinition(nameof(SpaceCollection))]
public sealed class SpaceCollection : ICollectionFixture<SpaceFixture>;
