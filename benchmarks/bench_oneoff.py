"""One-off fills: a workbook laid out and filled from nothing, as `jixiao fill -o` and the demo do.

Run: `python benchmarks/bench_oneoff.py` (`--projects 30 --runs 7`). Each run makes a new
`Filler`, so the layout is part of the time (a batch reuses its layout: bench_batch.py). The
table shows the median CPU time (`time.process_time`) of the runs and of each step inside
them: laying out (`new_workbook`; of it, the one project sheet written and the others copied),
typing the forms in, computing the formulas' values, saving. Also timed: a one-project fill
(what `--split` does per form, after its first), and `jixiao demo` without its audit. Goal
(issue 12): a 30-project fill ≤ 1 s.

Measured 2026-11-30 (Python 3.11, 2 shared cores, load average 4 from other sessions, so
CPU times run high), this code and the code before (1,154–1,254 ms on a quiet machine) run
alternately, medians of 5 runs, twice: 30-project fill 951 / 985 ms against 1,292 / 1,321 ms
(lay out 265–282 against 332–343, of it copies 124–155 against 198–208; typing 91–94 against
145–151; formula values 213–267 against 312–316; save 323–339 against 493–500). Instructions
(valgrind callgrind, one 30-project fill after a warm-up, steady to ~2 %): 2.72 G against
3.57 G (−24 %).
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import services.filled as filled  # noqa: E402
import workbook.build as build  # noqa: E402
import workbook.fill as fill  # noqa: E402
from jixiao.examples import SEED_2023, load_seed_2023  # noqa: E402
from pyfuncs.engine import Form, load_profile  # noqa: E402

STEPS = [(fill, "new_workbook", "lay out"), (build, "write_sheet", "  sheets written"),
         (build, "copy_sheet", "  sheets copied"), (fill, "write_form", "type the forms"),
         (filled, "workbook_values", "formula values"), (filled, "save_workbook", "save")]


def forms(n: int) -> list[Form]:
    """`n` forms of the built-in example, each project named apart."""
    seed = load_seed_2023()["项目"]
    out = []
    for i in range(n):
        form = Form.from_record(seed[i % len(seed)])
        form.name = f"{form.name}{i}"
        out.append(form)
    return out


@contextlib.contextmanager
def steps_timed(spent: dict[str, float]) -> Iterator[None]:
    """While inside, the CPU time of each of :data:`STEPS` adds up in `spent`."""
    originals = [(module, name, getattr(module, name)) for module, name, _ in STEPS]
    for (module, name, label), (_, _, fn) in zip(STEPS, originals, strict=True):
        def timed(*args, fn=fn, label=label, **kwargs):
            start = time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[label] = spent.get(label, 0.0) + time.process_time() - start
        setattr(module, name, timed)
    try:
        yield
    finally:
        for module, name, fn in originals:
            setattr(module, name, fn)


def runs(work: Callable[[], object], count: int) -> tuple[float, dict[str, float]]:
    """Median CPU seconds of `count` runs of `work`, in all and step by step."""
    totals, steps = [], []
    for _ in range(count):
        spent: dict[str, float] = {}
        with steps_timed(spent):
            start = time.process_time()
            work()
            totals.append(time.process_time() - start)
        steps.append(spent)
    labels = [label for _, _, label in STEPS]
    return statistics.median(totals), {
        label: statistics.median(s.get(label, 0.0) for s in steps) for label in labels}


def report(title: str, total: float, steps: dict[str, float]) -> None:
    print(f"{title:<40}{total * 1e3:>9.0f} ms CPU")
    for label, spent in steps.items():
        if spent:
            print(f"    {label:<36}{spent * 1e3:>9.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=30, help="projects in the one workbook")
    parser.add_argument("--runs", type=int, default=7, help="runs of each (median)")
    args = parser.parse_args()
    profile = load_profile()
    many, one = forms(args.projects), forms(1)
    print(f"Python {sys.version.split()[0]}; medians of {args.runs} runs, CPU time")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        filled.write_forms(fill.Filler(profile), one, folder / "warm.xlsx")    # imports, caches
        report(f"fill, {args.projects} projects, one workbook", *runs(
            lambda: filled.write_forms(fill.Filler(profile), many, folder / "many.xlsx"),
            args.runs))
        report("fill, 1 project, one workbook", *runs(
            lambda: filled.write_forms(fill.Filler(profile), one, folder / "one.xlsx"),
            args.runs))
        filler = fill.Filler(profile)
        report("fill, 1 project, layout reused (--split)", *runs(
            lambda: filled.write_forms(filler, one, folder / "split.xlsx"), args.runs))
        from jixiao.batch.fill import fill as fill_command

        def demo() -> None:              # `jixiao demo` less its audit: template, fill, final
            build.ship_template(folder / "模板.xlsm")
            fill_command(SEED_2023, folder / "demo.xlsm", final=folder / "demo-final.xlsx",
                         quiet=True)
        report("demo: template + 15-project fill + final", *runs(demo, args.runs))


if __name__ == "__main__":
    main()
