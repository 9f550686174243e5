"""Memory under long texts: does pasting pages into cells grow the Python process?

Run: `python benchmarks/rss_long_texts.py` (`--calls 20000 --length 10000` by default). Run it
on its own: it measures its own process. Every JX_ worksheet function is called `--calls`
times, each time with a different text of `--length` characters (built from the real texts
of `jixiao/examples/seed-2023.json`) in the arguments that take text; the resident set size (RSS)
is printed after each function. The parse caches keep short texts only, so RSS must stay
under `--limit-mb` (200 MB); the script exits with status 1 if it does not.
"""

from __future__ import annotations

import argparse
import gc
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from jixiao.examples import load_seed_2023  # noqa: E402
from pyfuncs import worksheet as udfs  # noqa: E402


def rss_mb() -> float:
    """The current resident set size, from /proc (Linux), else the peak so far."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return peak_mb()


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


class LongTexts:
    """Distinct texts of a given length, made of what real forms say."""

    def __init__(self, length: int) -> None:
        seed = load_seed_2023()
        words = [str(r[k]) for p in seed["项目"] for r in p["指标"]
                 for k in ("年度指标值", "实际完成值", "偏差原因") if r[k]]
        base = "，".join(words)
        self.base = (base * (length // len(base) + 1))[:length]
        self.length = length
        self.count = 0

    def next(self) -> str:
        """A text no call has seen: a counter written somewhere inside the base text."""
        self.count += 1
        mark = f"第{self.count}段"
        at = (self.count * 7919) % (self.length - len(mark))
        return self.base[:at] + mark + self.base[at + len(mark):]


def calls(t: LongTexts) -> dict[str, Callable[[], Any]]:
    """One call of each function with fresh long texts wherever it takes text."""
    return {
        "JX_EXEC_RATE": lambda: udfs.JX_EXEC_RATE(t.next(), t.next()),
        "JX_FUND_SCORE": lambda: udfs.JX_FUND_SCORE(t.next(), 34.0, t.next()),
        "JX_SCORE": lambda: udfs.JX_SCORE(t.next(), t.next(), 10.0),
        "JX_BAND": lambda: udfs.JX_BAND(t.next(), t.next(), 10.0),
        "JX_CHECK": lambda: udfs.JX_CHECK(t.next(), t.next(), 10.0, 8.0, t.next()),
        "JX_GRADE": lambda: udfs.JX_GRADE(t.next()),
        "JX_PARSE": lambda: udfs.JX_PARSE(t.next()),
        "JX_GROUP": lambda: udfs.JX_GROUP(t.next()),
        "JX_SCORES": lambda: udfs.JX_SCORES([[t.next()]], [[t.next()]], [[10.0]]),
        "JX_FORM_CHECK": lambda: udfs.JX_FORM_CHECK(
            [[34.0, 34.0, 27.97, 10.0, "", ""]],
            [["产出指标 (50 分)", "数量指标", t.next(), t.next(), t.next(), 10.0, 8.0, t.next()]],
            None),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=20_000, help="calls per function")
    parser.add_argument("--length", type=int, default=10_000, help="characters per text")
    parser.add_argument("--limit-mb", type=float, default=200.0)
    parser.add_argument("--only", nargs="*", help="function names (default: all)")
    args = parser.parse_args()

    texts = LongTexts(args.length)
    print(f"RSS at start: {rss_mb():.1f} MB; {args.calls:,} calls per function, "
          f"texts of {args.length:,} characters")
    print(f"{'function':<15}{'seconds':>9}{'RSS MB':>9}")
    for name, call in calls(texts).items():
        if args.only and name not in args.only:
            continue
        start = time.perf_counter()
        for _ in range(args.calls):
            call()
        gc.collect()
        print(f"{name:<15}{time.perf_counter() - start:>9.1f}{rss_mb():>9.1f}")
    final, peak = rss_mb(), peak_mb()
    print(f"RSS after {texts.count:,} distinct texts: {final:.1f} MB (peak {peak:.1f} MB, "
          f"limit {args.limit_mb:.0f} MB)")
    return 0 if peak < args.limit_mb else 1


if __name__ == "__main__":
    sys.exit(main())
