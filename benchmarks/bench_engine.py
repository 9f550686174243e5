"""Engine throughput: rows scored and checked per second of CPU time, on one core.

Run: `python benchmarks/bench_engine.py` (`--rows N` to change the size; `--baseline DIR` to
time another checkout's engine too, e.g. a `git worktree` of main).

Workloads, each timed in CPU time (`time.process_time`, so that other processes on a busy
machine count less), garbage collection paused as `timeit` does, best of `--repeats`:
- `seed mix`: rows drawn from the 304 rows of the built-in example (texts repeat, as they do
  in real forms, so the parse caches help);
- `all unique (cold caches)`: rows whose target and actual texts are all different;
- `naive all unique`: the same rows through `benchmarks/naive_rule.py`, the rule written the
  naive way (first number of each text, no units, dates, tiers…) — the yardstick;
- `JX_SCORES`: the worksheet function over a `--range-rows` range, caches cold.
Ours and the naive rule are timed alternately, repeat by repeat; the ratio of the best times
and the share of rows on which both give the same suggested 得分 and the same verdict on the
stated 得分 follow. With `--baseline`, each repeat runs the baseline's engine and ours in fresh
processes, alternately, on the same rows. Goal (issue 12): ≥ 150,000 rows/s all unique, at
most 1.5 × the naive rule's time.

`--instructions` counts instead, under callgrind, the instructions one all-unique row costs,
ours and the naive rule's (a run less an idle run): unlike CPU time it holds still on a busy
machine. Figures (20,000 rows; callgrind varies by a few hundred a row between runs):
ours 56.9k → 41.4k (previous round) → 30.8k this round, the naive rule 18.5–20.3k, so
1.52–1.66 × its work; seed mix 50.8k → 46.3k. This round: a text is read afresh rather than
looked up in a cache of readings (−5k on texts that do not repeat), a number that may be a
year is tested in place and goes to the general reader only when it reads a date there
(2019.55 does not: −3.7k), int 分值/得分 take the quick road, fewer calls in scoring and
rounding. CPU time (`--rows 50000 --repeats 5`, two shared cores at load 1.7): all unique
186,554 rows/s (the goal's 150,000 met), the naive rule 297,663, ratio 1.60 (the goal's 1.5
not yet); seed mix 112,146 rows/s. At load 5 the same run gave 127,512 and a ratio of 2.05.
Next round (`--rows 3000`): 30.8k → 28.3k, the naive rule 18.4k, 1.53 ×: a text read through
its UTF-8 bytes (−0.9k), check_score without closures over its variables (−1.2k), shapes
made quicker and asked for once a row. CPU time, load 0.5: 207,706 rows/s, ratio 1.41.
`benchmarks/engine_dump.py` shows such a change leaves every result byte-identical.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
_root = sys.argv[sys.argv.index("--engine-root") + 1] if "--engine-root" in sys.argv else \
    str(HERE.parent)
sys.path[:0] = [_root, str(HERE)]

import callgrind  # noqa: E402
from naive_rule import naive_row  # noqa: E402

from jixiao.examples import load_seed_2023  # noqa: E402
from pyfuncs.engine import Indicator, evaluate_row, load_profile, score_row  # noqa: E402
from pyfuncs.engine.parse import _parse_actual, _parse_target  # noqa: E402

try:
    from pyfuncs.engine.parse import clear_caches as engine_clear
except ImportError:            # a baseline checkout from before the shapes were kept
    engine_clear = None
from pyfuncs.engine.text import normalise  # noqa: E402

FLAGGED = ("SCORE_ABOVE_FORMULA", "SCORE_BELOW_FORMULA", "SCORE_OVER_WEIGHT")


def seed_rows() -> list[Indicator]:
    data = load_seed_2023()
    return [Indicator.from_record(r) for p in data["项目"] for r in p["指标"]]


def unique_rows(n: int, rng: random.Random) -> list[Indicator]:
    """Rows whose texts are all different; as in real forms, about one in twenty states a
    score that breaks a rule (and so draws findings), the rest state the formula's score and
    give a reason where they lose points."""
    signs = ["≥", "≤", "=", "不少于", "不超过", "", "至少 "]
    units = ["次", "个", "%", "万元", "家", "人次"]
    profile = load_profile()
    rows = []
    for i in range(n):
        unit = rng.choice(units)
        target = f"{rng.choice(signs)}{i + 1} {unit}"
        actual = f"{(i + 1) * rng.uniform(0.8, 1.25):.3f}"
        stated = score_row(target, actual, 5.0, profile).suggested
        remark = "未全部完成，明年补足" if stated is not None and stated < 5.0 else ""
        if rng.random() < 0.05:
            stated, remark = (5.0 if stated != 5.0 else 4.0), ""
        rows.append(Indicator("产出指标 (50 分)", "数量指标", f"指标{i}", target, actual,
                              5.0, stated, remark))
    clear_caches()
    return rows


def clear_caches() -> None:
    """Every cache of texts the engine keeps (the engine's own `clear_caches` where it has
    one, so that a baseline checkout without it is timed cold too)."""
    for cached in (_parse_target, _parse_actual, normalise):
        cached.cache_clear()
    if engine_clear is not None:
        engine_clear()


def cpu_time(fn: Callable[[], object], *, cold: bool = False) -> float:
    if cold:
        clear_caches()
    gc.collect()
    gc.disable()                # as timeit does: time the engine, not the collector
    try:
        start = time.process_time()
        fn()
        return time.process_time() - start
    finally:
        gc.enable()


def agreement(rows: list[Indicator]) -> float:
    """The share of rows where ours and the naive rule give the same suggested 得分 and the
    same verdict on the stated one."""
    profile = load_profile()
    same = 0
    for i, ind in enumerate(rows):
        ours = evaluate_row(i, ind, profile)
        suggested, wrong = naive_row(ind.target, ind.actual, ind.weight, ind.score)
        flagged = any(f.code in FLAGGED for f in ours.findings)
        s = ours.scored.suggested
        same += (s is None) == (suggested is None) and wrong == flagged and (
            s is None or suggested is None or abs(s - suggested) < 0.005)
    return same / len(rows)


def worker(rows_n: int, repeats: int) -> None:
    """One process's best CPU time over the all-unique rows (for `--baseline`)."""
    rows = unique_rows(rows_n, random.Random(2023))
    profile = load_profile()
    best = min(cpu_time(lambda: [evaluate_row(i, r, profile) for i, r in enumerate(rows)],
                        cold=True) for _ in range(repeats))
    print(json.dumps(best))


def against(baseline: str, rows_n: int, repeats: int) -> dict[str, float]:
    """Best CPU time of the baseline's engine and of ours, fresh processes, alternately."""
    times: dict[str, list[float]] = {"baseline": [], "ours": []}
    for _ in range(repeats):
        for name, root in (("baseline", baseline), ("ours", str(HERE.parent))):
            out = subprocess.run(
                [sys.executable, __file__, "--worker", "--engine-root", root,
                 "--rows", str(rows_n), "--repeats", "1"],
                cwd=root, capture_output=True, text=True, check=True).stdout
            times[name].append(json.loads(out))
    return {k: min(v) for k, v in times.items()}


def count(what: str, rows_n: int, idle: bool) -> None:
    """One process for callgrind: the all-unique rows made, then scored by ours or the naive
    rule (not when `idle`), and the process left at once, so that a run and an idle run
    differ by the scoring alone (caches cold; one row scored first loads what is lazy)."""
    rows = unique_rows(rows_n, random.Random(2023))
    profile = load_profile()
    clear_caches()
    evaluate_row(0, rows[-1], profile)
    naive_row(rows[-1].target, rows[-1].actual, rows[-1].weight, rows[-1].score)
    gc.disable()
    if not idle:
        if what == "naive":
            done = [naive_row(r.target, r.actual, r.weight, r.score) for r in rows]
        else:
            done = [evaluate_row(i, r, profile) for i, r in enumerate(rows)]
        del done
    sys.stdout.flush()
    os._exit(0)


def instructions(rows_n: int) -> dict[str, float]:
    """Instructions per all-unique row, ours and the naive rule's, counted by callgrind (a
    run less an idle run, over `rows_n` rows)."""
    per_row = {}
    for what in ("ours", "naive"):
        counted = []
        for idle in (False, True):
            argv = [sys.executable, __file__, "--count", what, "--rows", str(rows_n)]
            counted.append(callgrind.instructions([*argv, *(["--idle"] if idle else [])]))
        per_row[what] = (counted[0] - counted[1]) / rows_n
    return per_row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--range-rows", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--baseline", help="another checkout whose engine to time as well")
    parser.add_argument("--engine-root", help=argparse.SUPPRESS)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--instructions", action="store_true",
                        help="count instructions per all-unique row under callgrind (needs "
                             "valgrind; stable on a busy machine), ours and the naive rule's")
    parser.add_argument("--count", choices=("ours", "naive"), help=argparse.SUPPRESS)
    parser.add_argument("--idle", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.rows, args.repeats)
        return
    if args.count:
        count(args.count, args.rows, args.idle)
        return
    if args.instructions:
        per_row = instructions(args.rows)
        print(f"instructions per all-unique row ({args.rows:,} rows, callgrind): "
              f"ours {per_row['ours']:,.0f}, naive {per_row['naive']:,.0f}, "
              f"ratio {per_row['ours'] / per_row['naive']:.2f}")
        return
    rng = random.Random(2023)
    profile = load_profile()

    seed = seed_rows()
    mix = [rng.choice(seed) for _ in range(args.rows)]

    def run(rows: list[Indicator]) -> Callable[[], object]:
        return lambda: [evaluate_row(i, ind, profile) for i, ind in enumerate(rows)]

    def naive(rows: list[Indicator]) -> Callable[[], object]:
        return lambda: [naive_row(r.target, r.actual, r.weight, r.score) for r in rows]

    results = {"seed mix": (args.rows, min(cpu_time(run(mix)) for _ in range(args.repeats)))}
    unique = unique_rows(args.rows, rng)        # made after, so its objects don't slow the first
    ours, plain = [], []
    for _ in range(args.repeats):
        ours.append(cpu_time(run(unique), cold=True))
        plain.append(cpu_time(naive(unique)))
    results["all unique (cold caches)"] = (args.rows, min(ours))
    results["naive all unique"] = (args.rows, min(plain))
    from pyfuncs.udfs import JX_SCORES  # imports xlwings: after the engine's timings
    part = unique[: args.range_rows]
    targets = [[r.target] for r in part]
    actuals = [[r.actual] for r in part]
    weights = [[r.weight] for r in part]
    results[f"JX_SCORES on a {args.range_rows:,}-row range (cold)"] = (
        args.range_rows, min(cpu_time(lambda: JX_SCORES(targets, actuals, weights), cold=True)
                             for _ in range(args.repeats)))

    print(f"{'workload':<42}{'rows':>10}{'CPU s':>10}{'rows/s':>12}")
    for name, (n, seconds) in results.items():
        print(f"{name:<42}{n:>10,}{seconds:>10.3f}{n / seconds:>12,.0f}")
    print(f"ratio ours / naive (all unique): {min(ours) / min(plain):.2f}")
    print(f"agreement with the naive rule (all unique): {agreement(unique):.1%}")
    if args.baseline:
        best = against(args.baseline, args.rows, args.repeats)
        print(f"baseline {args.baseline}: all unique {args.rows / best['baseline']:,.0f} rows/s, "
              f"ours {args.rows / best['ours']:,.0f} rows/s (fresh processes, alternately): "
              f"{best['baseline'] / best['ours']:.2f}× faster")


if __name__ == "__main__":
    main()
