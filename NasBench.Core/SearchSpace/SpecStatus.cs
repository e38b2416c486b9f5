namespace NasBench.Core.SearchSpace;

/// <summary>Why a spec is or is not in the NAS-Bench-101 space, in the reference's validation order.</summary>
public enum SpecStatus
{
    /// <summary>Valid: pruned, within limits, known operations.</summary>
    Ok,

    /// <summary>The input cannot reach the output.</summary>
    Disconnected,

    /// <summary>More than 7 vertices after pruning.</summary>
    TooManyVertices,

    /// <summary>More than 9 edges after pruning.</summary>
    TooManyEdges,

    /// <summary>Malformed: not square, not upper triangular, wrong operation count, or wrong/unknown operations.</summary>
    Invalid,
}

/// <summary>The one domain error of the search space and the benchmark (the reference's OutOfDomainError).</summary>
public sealed class OutOfDomainException : Exception
{
    /// <summary>A spec or query outside the space, with the rule it breaks.</summary>
    public OutOfDomainException(SpecStatus status, string message) : base(message) => Status = status;

    /// <summary>Outside the domain, for no more specific rule.</summary>
    public OutOfDomainException(string message) : this(SpecStatus.Invalid, message) { }

    /// <summary>Outside the domain, with the default message.</summary>
    public OutOfDomainException() : this(SpecStatus.Invalid, "Out of the NAS-Bench-101 domain.") { }

    /// <summary>Outside the domain, caused by <paramref name="inner"/>.</summary>
    public OutOfDomainException(string message, Exception inner) : base(message, inner) => Status = SpecStatus.Invalid;

    /// <summary>The rule broken.</summary>
    public SpecStatus Status { get; }

    /// <summary>The snake_case name used in TSV output (ok, disconnected, too_many_vertices, ...).</summary>
    public static string StatusName(SpecStatus status) => status switch
    {
        SpecStatus.Ok => "ok",
        SpecStatus.Disconnected => "disconnected",
        SpecStatus.TooManyVertices => "too_many_vertices",
        SpecStatus.TooManyEdges => "too_many_edges",
        _ => "invalid",
    };
}
