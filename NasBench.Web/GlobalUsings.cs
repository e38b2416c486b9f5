// The web project's services (what pages and route maps call) are visible everywhere in it, as its Razor files see them
// through _Imports.razor: Web/Apis holds route maps only (issue 19).
global using NasBench.Web.Services;

// The lab's typed settings (NasBench:*) are read by every folder; Settings references none of them (issue 19: no
// Jobs⇄Extensions cycle through the options classes).
global using NasBench.Web.Settings;
// The lab's HTTP contract (ExperimentSummary, ExperimentDetail, ExperimentStates, …), shared with `nasbench submit`.
global using NasBench.Core.Lab;
