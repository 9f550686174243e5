"""Batch speed and memory: fill and audit many forms, against the bare libraries.

Run: `python benchmarks/bench_batch.py` (`--forms 1000 --books 100` by default; smaller numbers
for a quick look). One process, so the per-form figures compare like with like:

- fill, one project a workbook: our Filler (inputs typed over a laid-out workbook, every
  formula's value computed by the engine and cached) vs openpyxl alone loading the same
  template once, writing the same input cells and saving. Goal: overhead ≤ 30%.
- fill, fifteen projects a workbook: the same comparison.
- audit of the one-project workbooks: our audit (calamine read, form found, recomputed,
  checked) vs python-calamine reading the same sheets raw. Goal: ≤ 2×.
- peak memory (max RSS of a child process) of fill and audit for N and 10·N files.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from jixiao.batch.audit import audit_file  # noqa: E402
from jixiao.examples import load_seed_2023  # noqa: E402
from pyfuncs.engine import Form, load_profile  # noqa: E402
from services.filled import write_forms  # noqa: E402
from workbook.build import new_workbook, project_refs  # noqa: E402
from workbook.cells import set_value  # noqa: E402
from workbook.fill import Filler, blank_cells, form_cells  # noqa: E402


def seed_forms(n: int) -> list[Form]:
    records = load_seed_2023()["项目"]
    forms = []
    for i in range(n):
        form = Form.from_record(records[i % len(records)])
        form.name = f"{form.name}-{i:05d}"
        forms.append(form)
    return forms


def bench_fill(forms: list[Form], per_book: int, folder: Path) -> tuple[float, float]:
    """Seconds per workbook: ours, and openpyxl alone on the same template and cells."""
    profile = load_profile()
    books = [forms[i:i + per_book] for i in range(0, len(forms), per_book)]
    filler = Filler(profile)
    start = time.perf_counter()
    for k, group in enumerate(books):
        write_forms(filler, group, folder / f"ours-{per_book}-{k}.xlsx")
    ours = (time.perf_counter() - start) / len(books)

    template = folder / f"template-{per_book}.xlsx"
    new_workbook(project_refs([f"项目{i + 1}" for i in range(per_book)]), profile).save(template)
    wb = load_workbook(template)
    sheets = wb.worksheets[1:per_book + 1]
    blank = blank_cells(profile)
    start = time.perf_counter()
    for k, group in enumerate(books):
        for ws, form in zip(sheets, group, strict=True):
            for ref, value in {**blank, **form_cells(form)}.items():
                set_value(ws[ref], value)
        wb.save(folder / f"bare-{per_book}-{k}.xlsx")
    bare = (time.perf_counter() - start) / len(books)
    return ours, bare


def bench_audit(folder: Path, count: int) -> tuple[float, float]:
    files = sorted(folder.glob("ours-1-*.xlsx"))[:count]
    start = time.perf_counter()
    for f in files:
        audit_file((f, None))
    ours = (time.perf_counter() - start) / len(files)
    start = time.perf_counter()
    for f in files:
        book = CalamineWorkbook.from_path(str(f))
        for name in book.sheet_names:
            book.get_sheet_by_name(name).to_python()
    raw = (time.perf_counter() - start) / len(files)
    return ours, raw


def child(kind: str, n: int) -> None:
    """Run in a child process: fill or audit `n` one-project forms, print max RSS (MiB)."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        filler = Filler(load_profile())
        for k, form in enumerate(seed_forms(n)):
            write_forms(filler, [form], folder / f"ours-1-{k}.xlsx")
        if kind == "audit":
            before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            for f in folder.glob("ours-1-*.xlsx"):
                audit_file((f, None))
            print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, before / 1024)
            return
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def peak(kind: str, n: int) -> float:
    out = subprocess.run([sys.executable, __file__, "--child", kind, str(n)],
                         capture_output=True, text=True, check=True)
    return float(out.stdout.split()[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--forms", type=int, default=1000)
    parser.add_argument("--books", type=int, default=100)
    parser.add_argument("--memory", type=int, default=100, help="N for the memory check")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], int(args.child[1]))
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        ours, bare = bench_fill(seed_forms(args.forms), 1, folder)
        print(f"fill, 1 project a workbook, {args.forms} workbooks: ours {ours * 1e3:.1f} ms, "
              f"openpyxl alone {bare * 1e3:.1f} ms, overhead {ours / bare - 1:+.0%}")
        ours15, bare15 = bench_fill(seed_forms(15 * args.books), 15, folder)
        print(f"fill, 15 projects a workbook, {args.books} workbooks: ours {ours15 * 1e3:.0f} ms, "
              f"openpyxl alone {bare15 * 1e3:.0f} ms, overhead {ours15 / bare15 - 1:+.0%}")
        audit_ours, raw = bench_audit(folder, args.forms)
        print(f"audit, {args.forms} one-project workbooks: ours {audit_ours * 1e3:.2f} ms, "
              f"calamine raw {raw * 1e3:.2f} ms, ratio {audit_ours / raw:.2f}x")
    n = args.memory
    for kind in ("fill", "audit"):
        small, large = peak(kind, n), peak(kind, 10 * n)
        print(f"peak memory of {kind}: {n} files {small:.0f} MiB, {10 * n} files {large:.0f} MiB")


if __name__ == "__main__":
    main()
