"""Fuzz every JX_ worksheet function through its public wrapper, as Excel would call it.

Run: `python benchmarks/fuzz_udfs.py` (`--cases 10000` per function by default, `--seed N`).
Not part of the test suite: it takes minutes and is meant to be run by hand after a change to
the engine or the functions.

Arguments are drawn from the real vocabulary of `jixiao/examples/seed-2023.json` (targets, actuals,
分值, 得分, remarks, labels, amounts) and mutated: characters dropped, doubled or replaced,
control characters and zero-width spaces inserted, digits run to 400, texts repeated to
10,000 characters; numbers from ordinary to extreme (1e308, 5e-324, inf, NaN, negatives);
and types Excel never sends (lists, tuples, dicts, booleans, None, dates, bytes, Decimal).

Counts per function: calls; `raised` (an exception escaped the wrapper or was caught by its
net); `non-finite` (inf or NaN answered, or turned into #NUM! by the net); `out of bounds` (a
score outside [0, 分值], or a rate below 0); then error values, texts, numbers and blanks.
Exits with status 1 when any of raised / non-finite / out of bounds is not 0.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import math
import random
import sys
import time
from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from jixiao.examples import load_seed_2023  # noqa: E402
from pyfuncs import udfs  # noqa: E402
from pyfuncs.engine import ProfileError, load_profile  # noqa: E402
from pyfuncs.engine.units import read_number  # noqa: E402
from pyfuncs.xlerror import ERRORS, XlError  # noqa: E402

MUST_BE_ZERO = ("raised", "non-finite", "out of bounds")
CONTROL = [chr(c) for c in (*range(0, 32), 127)] + [
    "\u200b", "\ufeff", "\u2028", "\u3000", "\u00a0", "\ud7ff", "\U0001f600", "\u202e"]
EXTREME_FLOATS = [1e308, -1e308, 5e-324, -5e-324, 1e-308, 1e12, -1e12, 1e12 + 1, 1e15,
                  5_000_000.005, -0.0, 0.0, math.inf, -math.inf, math.nan, 2.675, 0.125]
PROFILES = [None, "national-2020", "national-2021", "no-such", "", "../x.toml", "\x00", 3.0]


class Vocabulary:
    """What real forms hold, by field."""

    def __init__(self, seed: dict) -> None:
        projects = seed["项目"]
        rows = [r for p in projects for r in p["指标"]]
        self.targets = sorted({str(r["年度指标值"]) for r in rows if r["年度指标值"] is not None})
        self.actuals = sorted({str(r["实际完成值"]) for r in rows if r["实际完成值"] is not None})
        self.remarks = sorted({str(r["偏差原因"]) for r in rows if r["偏差原因"]})
        self.labels = sorted({str(r[k]) for r in rows for k in ("一级", "二级", "三级") if r[k]})
        self.numbers = sorted({float(r[k]) for r in rows for k in ("分值", "得分")
                               if isinstance(r[k], int | float)})
        self.amounts = sorted({float(v) for p in projects for row in p["资金"].values()
                               for v in row if isinstance(v, int | float)})
        self.texts = self.targets + self.actuals + self.remarks + self.labels


class Cases:
    """Random arguments, from plausible to hostile."""

    def __init__(self, vocab: Vocabulary, rng: random.Random) -> None:
        self.v, self.rng = vocab, rng

    def text(self) -> str:
        r, v = self.rng, self.v
        pool = r.choice((v.targets, v.actuals, v.targets, v.actuals, v.remarks, v.labels))
        s = r.choice(pool)
        for _ in range(r.choice((0, 0, 1, 1, 2, 3))):
            s = self.mutate(s)
        return s

    def mutate(self, s: str) -> str:
        r = self.rng
        i = r.randint(0, len(s))
        kind = r.randrange(10)
        if kind == 0:
            return s[:i] + s[i + 1:]                                   # a character dropped
        if kind == 1:
            return s[:i] + r.choice(CONTROL) + s[i:]                   # a control character
        if kind == 2:
            return s[:i] + "9" * r.choice((13, 20, 309, 400)) + s[i:]  # digits run on
        if kind == 3:
            return s[:i] + r.choice(("0.", "-", "+", "e", "%", "‰", "万", "亿", "~", "至")) + s[i:]
        if kind == 4:
            return (s * (10_000 // max(len(s), 1) + 1))[: r.choice((300, 2_000, 10_000))]
        if kind == 5:                                                  # full width
            return s.translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)})
        if kind == 6:
            return s[:i] + r.choice(self.v.texts) + s[i:]
        if kind == 7:
            return s[:i] + r.choice(("inf", "nan", "-inf", "Infinity", "1e400", "1e-400")) + s[i:]
        if kind == 8:
            return s[:i] + " " + s[i:]
        return s.upper()[: r.randint(0, len(s))]

    def number(self) -> Any:
        r, v = self.rng, self.v
        kind = r.randrange(8)
        if kind == 0:
            return r.choice(EXTREME_FLOATS)
        if kind == 1:
            return r.choice(v.numbers + v.amounts)
        if kind == 2:
            return -r.choice(v.numbers + v.amounts) - 1
        if kind == 3:
            if r.random() < 0.5:                       # any magnitude, inf beyond 1.8e308
                return float(f"{r.uniform(-9.99, 9.99):.6f}e{r.randint(-330, 330)}")
            return r.uniform(0, 100)
        if kind == 4:
            return r.randint(-(10**400), 10**400) if r.random() < 0.2 else r.randint(-10, 100)
        if kind == 5:                                                  # a number typed as text
            return r.choice(("", "-", "+")) + r.choice((
                "9" * r.randint(1, 400), f"0.{'0' * r.randint(0, 400)}1", f"{r.uniform(0, 1e6):.3f}",
                "30,000", "８２.３%", "8 分", "3 万元"))
        if kind == 6:
            return r.choice(tuple(ERRORS))
        return r.choice(v.numbers)

    def odd(self) -> Any:
        r = self.rng
        return r.choice((
            None, True, False, [], [1, 2], [[None, "达成预期指标"]], (3.0,), {"a": 1}, {},
            dt.date(2023, 12, 31), dt.datetime(2023, 6, 30, 12, 0), dt.time(8, 30), b"\xff\xfe",
            Decimal("1e400"), Decimal("NaN"), [[[1.0]]], "", "   ", float("nan")))

    def plausible_row(self) -> tuple[Any, Any, Any]:
        """A target, an actual and a 分值 much as a clerk types them, sometimes slightly off."""
        r, v = self.rng, self.v
        target = r.choice(v.targets)
        actual = r.choice(v.actuals) if r.random() < 0.6 else r.choice(
            (r.uniform(0, 200), float(r.randint(0, 100)), -r.uniform(0, 10), r.choice(v.numbers)))
        weight = r.choice(v.numbers) if r.random() < 0.7 else self.number()
        if r.random() < 0.3:
            target = self.mutate(target)
        if r.random() < 0.2 and isinstance(actual, str):
            actual = self.mutate(actual)
        return target, actual, weight

    def amount(self) -> Any:
        """An amount as typed: mostly real ones, sometimes anything."""
        return self.rng.choice(self.v.amounts) if self.rng.random() < 0.5 else self.number()

    def cell(self) -> Any:
        r = self.rng.random()
        if r < 0.45:
            return self.text()
        if r < 0.85:
            return self.number()
        return self.odd()

    def weight_cell(self) -> Any:
        return self.cell() if self.rng.random() < 0.5 else self.number()

    def range_of(self, columns: int, make: Callable[[], Any] | None = None) -> Any:
        r = self.rng
        make = make or self.cell
        shape = r.randrange(6)
        if shape == 0:
            return make()                                          # a single cell
        if shape == 1:
            return [make() for _ in range(r.randint(0, 8))]        # a flat list
        rows = r.randint(0, 12)
        width = columns if shape < 4 else r.randint(0, columns + 3)
        return [[make() for _ in range(width)] for _ in range(rows)]

    def profile(self) -> Any:
        r = self.rng
        if r.random() < 0.85:
            return None
        return r.choice((*PROFILES, self.text()))


# --- what an answer may be -------------------------------------------------------------------

class Tally:
    """Counts for one function, with the net's own catches added from the log."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.examples: dict[str, str] = {}

    def note(self, what: str, case: tuple[Any, ...]) -> None:
        self.counts[what] += 1
        if what in MUST_BE_ZERO and what not in self.examples:
            self.examples[what] = repr(case)[:300]

    def answer(self, value: Any, case: tuple[Any, ...], limit: float | None) -> None:
        """Classify one answer; `limit` is the 分值 a score must not exceed (None: a rate,
        which must not be negative; NaN: not a number function). An error value made by the
        net is counted under `raised` by the caller, and here as an error value."""
        if isinstance(value, XlError):
            self.note("error values" if value in ERRORS else "raised", case)
        elif isinstance(value, str):
            self.note("blanks" if value == "" else "texts", case)
        elif isinstance(value, bool) or not isinstance(value, int | float):
            self.note("raised", case)                          # not something a cell holds
        elif not math.isfinite(value):
            self.note("non-finite", case)
        else:
            self.note("numbers", case)
            low_ok = value >= 0
            high_ok = limit is None or math.isnan(limit) or value <= limit
            if not (low_ok and high_ok):
                self.note("out of bounds", case)


class NetWatcher(logging.Handler):
    """Counts what the wrapper's net caught: exceptions and non-finite numbers."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.raised = 0
        self.non_finite = 0
        self.last = ""

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info:
            self.raised += 1
            exc = record.exc_info[1]
            self.last = f"{type(exc).__name__}: {exc}"[:200]
        else:
            self.non_finite += 1
            self.last = record.getMessage()


def weight_limit(cell: Any, blank: float) -> float:
    """The 分值 a score computed with this 分值 cell must stay within (NaN: no number)."""
    if isinstance(cell, str) and cell in ERRORS:
        return math.nan
    weight, ok = read_number(cell)
    if not ok:
        return math.nan
    return blank if weight is None else weight


def funding_weight(profile: Any) -> float:
    try:
        return load_profile(None if profile in (None, "") else str(profile)).funding_weight
    except (ProfileError, OSError, ValueError):
        return math.nan


def flat(value: Any) -> list[Any]:
    if isinstance(value, list | tuple):
        return [x for v in value for x in flat(v)]
    return [value]


def row_limits(targets: Any, actuals: Any, weights: Any) -> list[float]:
    """The 分值 of each row of a JX_SCORES call: one 分值 for all, blank below a short range."""
    ts, acts, ws = flat(targets), flat(actuals), flat(weights)
    n = max(len(ts), len(acts), len(ws) if len(ws) > 1 else 0)
    if len(ws) == 1:
        ws = ws * n
    return [weight_limit(ws[i] if i < len(ws) else None, 0.0) for i in range(n)]


# --- the runs ----------------------------------------------------------------------------------

def optional(rng: random.Random, required: list[Any], extra: list[Any]) -> list[Any]:
    """The required arguments and some leading part of the optional ones."""
    return required + extra[: rng.randint(0, len(extra))]


def run(name: str, n: int, cases: Cases, watcher: NetWatcher) -> tuple[Tally, float]:
    fn = getattr(udfs, name)
    rng = cases.rng
    tally = Tally()
    start = time.process_time()
    for _ in range(n):
        args, limits, is_range = make_case(name, cases, rng)
        caught = (watcher.raised, watcher.non_finite)
        try:
            value = fn(*args)
        except Exception as exc:  # the wrapper promises never to raise: count it
            tally.note("raised", (repr(exc), *args))
            continue
        if watcher.raised > caught[0]:
            tally.note("raised", (f"caught by the net: {watcher.last}", *args))
        if watcher.non_finite > caught[1]:
            tally.note("non-finite", (f"turned into #NUM! by the net: {watcher.last}", *args))
        if is_range:
            if not isinstance(value, list):
                tally.answer(value, tuple(args), math.nan)
                continue
            for i, row in enumerate(value):
                cell = row[0] if isinstance(row, list) and len(row) == 1 else row
                tally.answer(cell, tuple(args), limits[i] if i < len(limits) else -1.0)
        else:
            tally.answer(value, tuple(args), limits[0] if limits else math.nan)
    return tally, time.process_time() - start


def make_case(name: str, c: Cases, rng: random.Random) -> tuple[list[Any], list[Any], bool]:
    """Arguments for one call, the 分值 limits its answer must respect, and whether it
    answers a range."""
    if name == "JX_EXEC_RATE":
        return optional(rng, [c.amount(), c.amount()], [c.profile()]), [None], False
    if name == "JX_FUND_SCORE":
        w, p = (c.weight_cell() if rng.random() < 0.7 else None), c.profile()
        args = optional(rng, [c.amount(), c.amount()], [w, p])
        w = args[2] if len(args) > 2 else None
        p = args[3] if len(args) > 3 else None
        return args, [weight_limit(w, funding_weight(p))], False
    if name in ("JX_SCORE", "JX_BAND"):
        t, a, w = c.plausible_row() if rng.random() < 0.5 else (c.cell(), c.cell(), c.weight_cell())
        args = optional(rng, [t, a, w], [c.profile()])
        return args, [weight_limit(w, 0.0) if name == "JX_SCORE" else math.nan], False
    if name == "JX_CHECK":
        t, a, w = c.plausible_row() if rng.random() < 0.5 else (c.cell(), c.cell(), c.weight_cell())
        args = optional(rng, [t, a, w, c.weight_cell()], [c.cell(), c.profile()])
        return args, [math.nan], False
    if name == "JX_SCORES":
        if rng.random() < 0.5:
            rows = [c.plausible_row() for _ in range(rng.randint(1, 12))]
            ts, acts, ws = ([[r[i]] for r in rows] for i in range(3))
        else:
            ts, acts = c.range_of(1), c.range_of(1)
            ws = c.range_of(1, c.weight_cell)
        args = optional(rng, [ts, acts, ws], [c.profile()])
        return args, row_limits(ts, acts, ws), True
    if name == "JX_FORM_CHECK":
        args = optional(rng, [c.range_of(6, c.number), c.range_of(8)],
                        [c.weight_cell(), c.profile()])
        return args, [math.nan], False
    if name == "JX_GROUP":
        return optional(rng, [c.range_of(1)], [c.profile()]), [math.nan], False
    if name == "JX_GRADE":
        return optional(rng, [c.weight_cell()], [c.profile()]), [math.nan], False
    if name == "JX_PARSE":
        return optional(rng, [c.cell()], [c.profile()]), [math.nan], False
    raise SystemExit(f"no cases for {name}: add them to make_case")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000, help="calls per function")
    parser.add_argument("--seed", type=int, default=2023)
    parser.add_argument("--only", nargs="*", help="function names (default: all)")
    args = parser.parse_args()

    names = args.only or sorted(udfs.__all__)
    names = [n for n in names if n.startswith("JX_")]
    cases = Cases(Vocabulary(load_seed_2023()),
                  random.Random(args.seed))
    watcher = NetWatcher()
    net_log = logging.getLogger("pyfuncs.udfs")
    net_log.addHandler(watcher)
    net_log.propagate = False        # counted here, not printed 10,000 times

    columns = ("raised", "non-finite", "out of bounds", "error values", "texts", "numbers",
               "blanks")
    print(f"{'function':<15}{'calls':>8}" + "".join(f"{c:>15}" for c in columns) + f"{'s':>8}")
    total: Counter[str] = Counter()
    examples: dict[str, str] = {}
    for name in names:
        tally, seconds = run(name, args.cases, cases, watcher)
        total.update(tally.counts)
        for k, v in tally.examples.items():
            examples.setdefault(f"{name} {k}", v)
        print(f"{name:<15}{args.cases:>8,}"
              + "".join(f"{tally.counts[c]:>15,}" for c in columns) + f"{seconds:>8.1f}")
    print(f"{'all':<15}{args.cases * len(names):>8,}"
          + "".join(f"{total[c]:>15,}" for c in columns))
    for what, case in examples.items():
        print(f"first {what}: {case}")
    failed = [c for c in MUST_BE_ZERO if total[c]]
    print("FAILED: " + ", ".join(failed) if failed else "OK: no raise, no non-finite number, "
          "no score outside [0, 分值], no negative rate")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
