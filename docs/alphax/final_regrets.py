"""Final test regrets per algorithm from trajectories.csv files of `nasbench compare`/`search`: mean with a 95 % CI
(t quantile), median, wall time per run, and two-sided Mann-Whitney U tests (normal approximation with the tie
correction) for every pair, Holm-corrected. Standard library only.

    python3 docs/alphax/final_regrets.py OUT/q150/trajectories.csv [more trajectories.csv ...]
"""
import collections
import csv
import itertools
import math
import statistics
import sys

T975 = {9: 2.262, 19: 2.093, 29: 2.045, 49: 2.010, 99: 1.984, 199: 1.972}


def finals(paths):
    last = collections.OrderedDict()
    for path in paths:
        for row in csv.DictReader(open(path, newline="")):
            last[(row["algorithm"], row["run"])] = row  # rows are in step order: the last is the final step
    by = collections.OrderedDict()
    for (algorithm, _), row in last.items():
        by.setdefault(algorithm, []).append((float(row["test_regret"]), float(row["wallclock_seconds"]), int(row["step"])))
    return by


def mann_whitney(x, y):
    pooled = sorted([(v, 0) for v in x] + [(v, 1) for v in y])
    ranks, i, ties = [0.0] * len(pooled), 0, 0.0
    while i < len(pooled):
        j = i
        while j + 1 < len(pooled) and pooled[j + 1][0] == pooled[i][0]:
            j += 1
        for k in range(i, j + 1):
            ranks[k] = (i + j) / 2 + 1
        t = j - i + 1
        ties += t ** 3 - t
        i = j + 1
    n1, n2 = len(x), len(y)
    u1 = sum(r for r, (_, g) in zip(ranks, pooled) if g == 0) - n1 * (n1 + 1) / 2
    n = n1 + n2
    sigma = math.sqrt(n1 * n2 / 12 * ((n + 1) - ties / (n * (n - 1))))
    z = (u1 - n1 * n2 / 2) / sigma if sigma > 0 else 0.0
    return u1, z, math.erfc(abs(z) / math.sqrt(2))


def main(paths):
    by = finals(paths)
    print("algorithm   runs  mean regret  95% CI               median     mean queries  wall s/run")
    for name, values in by.items():
        r = [v[0] for v in values]
        m, s = statistics.mean(r), statistics.stdev(r)
        h = T975.get(len(r) - 1, 1.96) * s / math.sqrt(len(r))
        print(f"{name:10s} {len(r):5d}  {m:.5f}      [{m - h:.5f}, {m + h:.5f}]  {statistics.median(r):.5f}  "
              f"{statistics.mean(v[2] for v in values):12.1f}  {statistics.mean(v[1] for v in values):10.4f}")
    pairs = [(a, b, *mann_whitney([v[0] for v in by[a]], [v[0] for v in by[b]])) for a, b in itertools.combinations(by, 2)]
    order = sorted(range(len(pairs)), key=lambda k: pairs[k][4])
    adjusted, running = [0.0] * len(pairs), 0.0
    for rank, k in enumerate(order):
        running = max(running, min(1.0, (len(pairs) - rank) * pairs[k][4]))
        adjusted[k] = running
    print("\npair                    U         z       p        Holm p   lower regret")
    for k, (a, b, u, z, p) in enumerate(pairs):
        better = a if z < 0 else b
        print(f"{a:>10s}-{b:<10s} {u:9.1f} {z:7.2f}  {p:.2e}  {adjusted[k]:.2e}  {better}{'' if adjusted[k] < 0.05 else ' (n.s.)'}")


if __name__ == "__main__":
    main(sys.argv[1:])
