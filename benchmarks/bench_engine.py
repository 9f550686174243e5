"""Engine throughput: rows scored and checked per second on one core.

Run: `python benchmarks/bench_engine.py` (add `--rows N` to change the size).

Three workloads, each timed as the best of several repeats (garbage collection paused while
timing, as `timeit` does):
- `seed mix`: 100,000 rows drawn from the 304 rows of the built-in example (texts repeat,
  as they do in real forms, so the parse caches help);
- `all unique`: 100,000 rows whose target and actual texts are all different (caches cold);
- `JX_SCORES`: the worksheet function over a 10,000-row range, as Excel would call it.
The goal is ≥ 100,000 rows/s for the engine on one core.
"""

from __future__ import annotations

import argparse
import gc
import random
import time
from collections.abc import Callable

from jixiao.examples import load_seed_2023
from pyfuncs.engine import Indicator, evaluate_row, load_profile, score_row
from pyfuncs.engine.parse import _parse_actual, _parse_target
from pyfuncs.engine.text import normalise
from pyfuncs.worksheet import JX_SCORES


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
    for cached in (_parse_target, _parse_actual, normalise):
        cached.cache_clear()


def best_of(repeats: int, fn: Callable[[], object], *, cold: bool = False) -> float:
    times = []
    for _ in range(repeats):
        if cold:
            clear_caches()
        gc.collect()
        gc.disable()                # as timeit does: time the engine, not the collector
        try:
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
        finally:
            gc.enable()
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--range-rows", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    rng = random.Random(2023)
    profile = load_profile()

    seed = seed_rows()
    mix = [rng.choice(seed) for _ in range(args.rows)]

    def run(rows: list[Indicator]) -> Callable[[], object]:
        return lambda: [evaluate_row(i, ind, profile) for i, ind in enumerate(rows)]

    results = {"seed mix": (args.rows, best_of(args.repeats, run(mix)))}
    unique = unique_rows(args.rows, rng)        # made after, so its objects don't slow the first
    results["all unique (cold caches)"] = (args.rows,
                                           best_of(args.repeats, run(unique), cold=True))
    part = unique[: args.range_rows]
    targets = [[r.target] for r in part]
    actuals = [[r.actual] for r in part]
    weights = [[r.weight] for r in part]
    results[f"JX_SCORES on a {args.range_rows:,}-row range (cold)"] = (
        args.range_rows,
        best_of(args.repeats, lambda: JX_SCORES(targets, actuals, weights), cold=True))

    print(f"{'workload':<42}{'rows':>10}{'seconds':>10}{'rows/s':>12}")
    for name, (n, seconds) in results.items():
        print(f"{name:<42}{n:>10,}{seconds:>10.3f}{n / seconds:>12,.0f}")


if __name__ == "__main__":
    main()
