namespace NasBench.Core.Search;

/// <summary>Why a run ended. Ending before the budget is spent is a result (the notes say why), not an error.</summary>
public enum SearchEnd
{
    /// <summary>A budget limit was reached (the usual end).</summary>
    BudgetSpent,

    /// <summary>Every cell the algorithm can reach had been queried, and it does not query a cell twice: no query was left to charge.</summary>
    AllCellsKnown,

    /// <summary><see cref="SearchSession.MaxFreeIterations"/> iterations in a row charged nothing: the run could no longer spend its budget.</summary>
    FreeIterationCap,
}
