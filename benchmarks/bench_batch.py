"""Batch speed and memory: fill and audit many forms, side by side with the bare libraries.

Run: `python benchmarks/bench_batch.py` (`--forms 300 --books 20` by default; `--memory 0` skips
the memory part). Install the alternatives first: `pip install -e ".[bench]"`.

How it is measured, so that a busy machine does not decide the answer:

- Ours and each baseline run **interleaved item by item** (form 1 ours, form 1 baseline, form
  2 baseline, form 2 ours…, the order alternating), in one process, so a slow spell hits both.
- For every item both wall time and CPU time (`time.process_time`) are taken; the table shows
  the median of each and the **median of the paired ratios** (ours ÷ baseline, item by item).
- fill, one project a workbook, and fill, fifteen a workbook: our `write_forms` (inputs typed
  over a laid-out workbook, every formula's value computed and cached) against openpyxl alone
  loading the same template once, typing the same input cells and saving. Goal ≤ 1.3×.
- audit of the one-project workbooks: our `audit_file` (read, form found, recomputed, checked)
  against reading **exactly the sheets audit reads** (every sheet but 空白项目, 选项 and the
  xlwings settings; 目录 for the unit) with python-calamine, openpyxl read-only and fastexcel
  (the last two are what a user might reach for; they are left out when not installed).
- `--parts`: an audit's CPU time split into the size check, calamine's read and the rest;
  `--instructions`: audit instructions per workbook, ours and calamine's, under callgrind
  (stable when the machine is busy; Python runs fewer instructions a cycle than calamine's
  Rust, so the CPU ratio is the higher of the two).
- memory: peak RSS of `jixiao fill --split` and of `jixiao audit`, each run as its own command
  in its own process on N and 10·N forms (`-j 1`), measured as `bench_memory.py` measures it:
  the summed RSS of the process tree, sampled.
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import callgrind  # noqa: E402

from jixiao.batch.audit import audit_file  # noqa: E402
from jixiao.examples import load_seed_2023  # noqa: E402
from pyfuncs.engine import Form, load_profile  # noqa: E402
from services.filled import write_forms  # noqa: E402
from workbook import layout as L  # noqa: E402
from workbook.build import new_workbook, project_refs  # noqa: E402
from workbook.cells import set_value  # noqa: E402
from workbook.fill import Filler, blank_cells, form_cells  # noqa: E402

Timing = tuple[float, float]        # (wall seconds, CPU seconds)


def seed_records(n: int) -> list[dict]:
    """`n` records of the built-in example, renamed so that every project is its own."""
    records = load_seed_2023()["项目"]
    out = []
    for i in range(n):
        record = dict(records[i % len(records)])
        record["项目名称"] = f"{record['项目名称']}-{i:05d}"
        out.append(record)
    return out


def seed_forms(n: int) -> list[Form]:
    return [Form.from_record(r) for r in seed_records(n)]


def timed(fn: Callable[[], object]) -> Timing:
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def interleaved(items: Iterable[object], runs: dict[str, Callable[[object], object]]
                ) -> dict[str, list[Timing]]:
    """Each of `runs` on each item in turn, the order rotating from item to item."""
    names = list(runs)
    out: dict[str, list[Timing]] = {n: [] for n in names}
    for k, item in enumerate(items):
        shift = k % len(names)
        for name in names[shift:] + names[:shift]:
            out[name].append(timed(lambda name=name, item=item: runs[name](item)))
    return out


def summary(label: str, ours: list[Timing], base: list[Timing], base_name: str) -> str:
    def med(ts: list[Timing], i: int) -> float:
        return statistics.median(t[i] for t in ts) * 1e3

    ratio = [statistics.median(o[i] / b[i] for o, b in zip(ours, base, strict=True) if b[i] > 0)
             for i in (0, 1)]
    return (f"{label:<34}{base_name:<22}{med(ours, 0):>9.1f}{med(base, 0):>9.1f}"
            f"{ratio[0]:>8.2f}×{med(ours, 1):>9.1f}{med(base, 1):>9.1f}{ratio[1]:>8.2f}×")


HEADER = (f"{'work':<34}{'baseline':<22}{'ours ms':>9}{'base ms':>9}{'ratio':>9}"
          f"{'ours CPU':>9}{'base CPU':>9}{'ratio':>9}")


def bench_fill(forms: list[Form], per_book: int, folder: Path) -> list[str]:
    profile = load_profile()
    books = [forms[i:i + per_book] for i in range(0, len(forms), per_book)]
    filler = Filler(profile)
    template = folder / f"template-{per_book}.xlsx"
    new_workbook(project_refs([f"项目{i + 1}" for i in range(per_book)]), profile).save(template)
    wb = load_workbook(template)
    sheets = wb.worksheets[1:per_book + 1]
    blank = blank_cells(profile)
    write_forms(filler, books[0], folder / "warm.xlsx")       # both warm before timing

    def ours(k: object) -> None:
        write_forms(filler, books[k], folder / f"ours-{per_book}-{k}.xlsx")  # type: ignore[index]

    def bare(k: object) -> None:
        for ws, form in zip(sheets, books[k], strict=True):  # type: ignore[index]
            for ref, value in {**blank, **form_cells(form)}.items():
                set_value(ws[ref], value)
        wb.save(folder / f"bare-{per_book}-{k}.xlsx")

    t = interleaved(range(len(books)), {"ours": ours, "openpyxl": bare})
    label = f"fill, {per_book} project(s)/book ×{len(books)}"
    return [summary(label, t["ours"], t["openpyxl"], "openpyxl alone")]


def audited_sheets(names: list[str]) -> list[str]:
    """The sheets audit reads in one of our workbooks."""
    return [n for n in names if n not in L.NOT_PROJECT_SHEETS or n == L.INDEX_SHEET]


def read_calamine(path: Path) -> None:
    book = CalamineWorkbook.from_path(str(path))
    for name in audited_sheets(list(book.sheet_names)):
        book.get_sheet_by_name(name).to_python(skip_empty_area=False)


def read_openpyxl(path: Path) -> None:
    wb = load_workbook(path, read_only=True, data_only=True)
    for name in audited_sheets(wb.sheetnames):
        for _ in wb[name].iter_rows(values_only=True):
            pass
    wb.close()


def baselines() -> dict[str, Callable[[Path], None]]:
    out: dict[str, Callable[[Path], None]] = {"calamine": read_calamine,
                                             "openpyxl read-only": read_openpyxl}
    try:
        import fastexcel
    except ImportError:
        return out
    logging.getLogger("fastexcel").setLevel(logging.ERROR)     # its notes on column types

    def read_fastexcel(path: Path) -> None:
        reader = fastexcel.read_excel(str(path))
        for name in audited_sheets(reader.sheet_names):
            # parsed into Arrow columns inside fastexcel; not turned into Python objects (that
            # needs pyarrow), so this baseline is a floor the others cannot quite reach
            _ = reader.load_sheet(name, header_row=None).height

    out["fastexcel"] = read_fastexcel
    return out


def bench_audit(folder: Path, count: int) -> list[str]:
    files = sorted(folder.glob("ours-1-*.xlsx"))[:count]
    runs: dict[str, Callable[[object], object]] = {"ours": lambda f: audit_file((f, None))}
    runs.update(baselines())
    for f in files[:3]:                 # warm every reader
        for run in runs.values():
            run(f)
    t = interleaved(files, runs)
    return [summary(f"audit, one-project books ×{len(files)}", t["ours"], t[name], name)
            for name in runs if name != "ours"]


def audit_parts(folder: Path, count: int) -> list[str]:
    """Where an audit's time goes, per workbook (CPU medians, interleaved): the size check
    alone, calamine's read of the audited sheets, and the rest (reading the form off the
    grids, scoring, findings) as the whole audit less those two."""
    from jixiao.batch.sources import NOT_READ
    from services.untrusted import read_checked

    files = sorted(folder.glob("ours-1-*.xlsx"))[:count]
    runs: dict[str, Callable[[object], object]] = {
        "audit": lambda f: audit_file((f, None)), "calamine": read_calamine,
        "check": lambda f: read_checked(f, skip=NOT_READ, exact=False)}
    t = interleaved(files, runs)
    cpu = {k: statistics.median(x[1] for x in v) * 1e3 for k, v in t.items()}
    rest = cpu["audit"] - cpu["check"] - cpu["calamine"]
    return [f"audit per workbook, CPU: {cpu['audit']:.2f} ms = size check {cpu['check']:.2f} + "
            f"calamine's read {cpu['calamine']:.2f} + the rest {rest:.2f} (form read, scored)"]


def count_audit(what: str, folder: Path, reps: int) -> None:
    """One process for callgrind: the one-project books audited (or read by calamine) `reps`
    times after a warm-up, then the process left at once."""
    files = sorted(folder.glob("ours-1-*.xlsx"))
    run = read_calamine if what == "calamine" else (lambda f: audit_file((f, None)))
    for f in files[:2]:
        run(f)
    for _ in range(reps):
        for f in files:
            run(f)
    sys.stdout.flush()
    os._exit(0)


def audit_instructions(folder: Path) -> list[str]:
    """Instructions per workbook, ours and calamine's, counted by callgrind (two rounds over
    the books less none): stable on a busy machine, where CPU ratios swing."""
    books = len(list(folder.glob("ours-1-*.xlsx")))
    per_book = {}
    for what in ("ours", "calamine"):
        counted = []
        for reps in (2, 0):
            counted.append(callgrind.instructions(
                [sys.executable, __file__, "--count-audit", what, "--folder", str(folder),
                 "--reps", str(reps)]))
        per_book[what] = (counted[0] - counted[1]) / (2 * books)
    return [f"audit instructions per workbook (callgrind): ours {per_book['ours'] / 1e6:.2f} M, "
            f"calamine {per_book['calamine'] / 1e6:.2f} M, "
            f"{per_book['ours'] / per_book['calamine']:.2f}×"]


def bench_memory(n: int, folder: Path) -> list[str]:
    """Peak RSS of fill --split and audit at N and 10·N forms (benchmarks/bench_memory.py has
    the whole table: the process tree, -j, extract)."""
    from bench_memory import measure, write_data

    jixiao = [sys.executable, "-m", "jixiao"]
    lines = []
    for size in (n, 10 * n):
        data = folder / f"data-{size}.json"
        write_data(size, data)
        out = folder / f"split-{size}"
        fill = measure([*jixiao, "fill", str(data), "--split", str(out), "-j", "1"], ROOT)[0]
        audit = measure([*jixiao, "audit", str(out), "-j", "1"], ROOT)[0]
        lines.append(f"peak RSS, {size} forms: fill --split {fill:.0f} MiB, "
                     f"audit {audit:.0f} MiB")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--forms", type=int, default=300, help="one-project workbooks")
    parser.add_argument("--books", type=int, default=20, help="fifteen-project workbooks")
    parser.add_argument("--memory", type=int, default=100, help="N for the memory check (0: skip)")
    parser.add_argument("--parts", action="store_true",
                        help="also split an audit's CPU time: size check, calamine, the rest")
    parser.add_argument("--instructions", action="store_true",
                        help="also count audit instructions per workbook under callgrind "
                             "(needs valgrind), ours and calamine's")
    parser.add_argument("--count-audit", help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--reps", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.count_audit:
        count_audit(args.count_audit, args.folder, args.reps)
    print(f"Python {sys.version.split()[0]}; times are medians, ratios medians of pairs")
    print(HEADER)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for line in (bench_fill(seed_forms(args.forms), 1, folder)
                     + bench_fill(seed_forms(15 * args.books), 15, folder)
                     + bench_audit(folder, args.forms)):
            print(line, flush=True)
        for line in ((audit_parts(folder, args.forms) if args.parts else [])
                     + (audit_instructions(folder) if args.instructions else [])):
            print(line, flush=True)
        if args.memory:
            for line in bench_memory(args.memory, folder):
                print(line, flush=True)


if __name__ == "__main__":
    main()
