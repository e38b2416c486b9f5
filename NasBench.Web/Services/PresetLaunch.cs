using Microsoft.EntityFrameworkCore;
using NasBench.Core.Experiments;
using NasBench.Core.Options;
using NasBench.Web.Data;
using NasBench.Web.Jobs;

namespace NasBench.Web.Services;

/// <summary>The outcome of launching a preset: its group (null when nothing was launched) and why not all of it.</summary>
public sealed record PresetLaunchResult(long? GroupId, IReadOnlyList<long> Launched, IReadOnlyList<RequestError> Errors, string? Refused);

/// <summary>
/// Launches a preset's chosen parts as one group: every request is checked first (nothing is launched while one breaks a
/// rule of this server), then the group row, then each experiment with its <see cref="Experiment.GroupId"/>. A refusal
/// part-way (the per-user limit of active experiments) keeps what was launched and says what was not.
/// </summary>
public static class PresetLaunch
{
    /// <summary>Each part checked on this server (<see cref="ExperimentLauncher.Check"/>: its folders, limits and the
    /// request's own rules), and the rules the parts break, each message prefixed with its part's label.</summary>
    public static (IReadOnlyList<CheckedRequest> Checked, IReadOnlyList<RequestError> Errors) Check(ExperimentLauncher launcher, IEnumerable<PresetPart> parts)
    {
        ArgumentNullException.ThrowIfNull(launcher);
        var checks = parts.Select(p => (Part: p, Check: launcher.Check(p.Request))).ToList();
        return ([.. checks.Select(c => c.Check.Request).OfType<CheckedRequest>()],
            [.. checks.SelectMany(c => c.Check.Errors.Select(e => e with { Message = $"{c.Part.Label}: {e.Message}" }))]);
    }

    public static async Task<PresetLaunchResult> LaunchAsync(ExperimentPreset preset, IReadOnlyList<PresetPart> parts, ExperimentLauncher launcher,
        IDbContextFactory<LabDbContext> contexts, string ownerId, string owner, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(preset);
        ArgumentNullException.ThrowIfNull(contexts);
        ArgumentNullException.ThrowIfNull(time);
        var (valid, errors) = Check(launcher, parts);
        if (errors.Count > 0 || parts.Count == 0)
        {
            return new PresetLaunchResult(null, [], errors, parts.Count == 0 ? "Choose at least one experiment." : null);
        }

        var group = new ExperimentGroup { Preset = preset.Name, Title = preset.Title, OwnerId = ownerId, Owner = owner, CreatedAt = time.GetUtcNow() };
        await using (var db = await contexts.CreateDbContextAsync())
        {
            db.ExperimentGroups.Add(group);
            await db.SaveChangesAsync();
        }

        var launched = new List<long>();
        foreach (var (part, request) in parts.Zip(valid))
        {
            try
            {
                launched.Add(await launcher.LaunchAsync(request, ownerId, owner, $"{preset.Title}: {part.Label}", groupId: group.Id));
            }
            catch (LaunchRefusedException refused)
            {
                return new PresetLaunchResult(group.Id, launched, [], $"{launched.Count} of {parts.Count} launched; {part.Label} and after were refused: {refused.Message}");
            }
        }

        return new PresetLaunchResult(group.Id, launched, [], null);
    }
}
