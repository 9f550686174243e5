"""How many JX_ calls the live workbook makes in LibreOffice: for a full recalculation of the
15-project seed workbook, and for a one-cell edit.

Run: `python benchmarks/lo_calls.py` (needs LibreOffice; about two minutes). It counts twice:
in the harness's throw-away profile, and in a fresh profile the functions are installed into
as a clerk installs them (`jixiao libreoffice install`), with LibreOffice's default settings.

The bridge writes one line per call into a file (:data:`localc.bridge.COUNT_ENV`), and the
session writes a mark between steps: opening (LibreOffice recalculates on load in the harness
profile), a full recalculation (Ctrl+Shift+F9), then one typed cell — the 实际完成值 of one
indicator row of one project — and a recalculation of what changed (F9).

What each step should cost is worked out from the workbook's own formulas:
- cells showing a value: formula cells that hold a JX_ call and whose value is not blank; a
  full recalculation should make at most one call per such cell (the guards
  `IF(COUNTA(…)=0,"",JX_…)` keep unused rows and 空白项目 from calling at all);
- the edit's reach: every formula cell that depends, directly or through other cells, on the
  typed cell (references read from the formula text); the edit should call JX_ only there.
"""

from __future__ import annotations

import argparse
import re
import tempfile
import time
from collections import Counter
from pathlib import Path

import openpyxl

from jixiao.examples import load_seed_2023
from localc.bridge import COUNT_ENV
from localc.edits import Mark, Recalculate, SetCells
from localc.install import install
from localc.jobs import Job, run_jobs
from pyfuncs.engine import Form
from services.filled import write_forms
from workbook import layout as L
from workbook.fill import Filler

EDITED_PROJECT = "数字化诊断监理招标专项工作经费"
EDITED_ROW = 2          # its third indicator row
NEW_ACTUAL = 3          # typed over the 实际完成值

_REF = re.compile(
    r"(?:(?:'((?:[^']|'')+)'|([^\s'!(),=+\-*/&<>:\"]+))!)?(?<![A-Za-z0-9_])"
    r"\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?(?![A-Za-z0-9_(])")
_STRING = re.compile(r'"(?:[^"]|"")*"')


def _col(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def precedents(formula: str, sheet: str) -> list[tuple[str, int, int, int, int]]:
    """The ranges a formula reads: (sheet, first col, first row, last col, last row)."""
    out = []
    for m in _REF.finditer(_STRING.sub('""', formula)):
        quoted, bare, c1, r1, c2, r2 = m.groups()
        on = (quoted or "").replace("''", "'") or bare
        c1n, r1n = _col(c1), int(r1)
        c2n, r2n = (_col(c2), int(r2)) if c2 else (c1n, r1n)
        out.append((on or sheet, c1n, r1n, c2n, r2n))
    return out


def formulas(path: Path) -> dict[tuple[str, int, int], str]:
    wb = openpyxl.load_workbook(path)
    return {(ws.title, c.row, c.column): str(c.value) for ws in wb.worksheets
            for row in ws.iter_rows() for c in row if c.data_type == "f"}


def reach(cells: dict[tuple[str, int, int], str], start: tuple[str, int, int]) -> set:
    """Every formula cell depending, through any chain, on cell `start`."""
    reads = {k: precedents(f, k[0]) for k, f in cells.items()}
    dirty, changed = {start}, True
    while changed:
        changed = False
        for cell, ranges in reads.items():
            if cell in dirty:
                continue
            if any(s == d[0] and c1 <= d[2] <= c2 and r1 <= d[1] <= r2
                   for s, c1, r1, c2, r2 in ranges for d in dirty):
                dirty.add(cell)
                changed = True
    return dirty - {start}


def count_steps(lines: list[str]) -> dict[str, Counter]:
    steps: dict[str, Counter] = {}
    current = Counter()
    for line in lines:
        if line.startswith("# "):
            steps[line[2:]] = current
            current = Counter()
        elif line:
            current[line] += 1
    steps["(after the last mark)"] = current
    return steps


def _session(book: Path, folder: Path, edited: str, profile: Path | None) -> tuple[dict, float]:
    counts = folder / "calls.txt"
    counts.unlink(missing_ok=True)
    edits = [Mark("load"), Recalculate(full=True), Mark("full"),
             SetCells(EDITED_PROJECT, {edited: NEW_ACTUAL}), Recalculate(full=False),
             Mark("edit")]
    began = time.perf_counter()
    run_jobs([Job(book, folder / "out.xlsx", edits)], env={COUNT_ENV: str(counts)},
             timeout=600, profile=profile)
    seconds = time.perf_counter() - began
    return count_steps(counts.read_text("utf-8").splitlines()), seconds


def main() -> None:
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()
    seed = load_seed_2023()
    forms = [Form.from_record(r) for r in seed["项目"]]
    with tempfile.TemporaryDirectory(prefix="jx-calls-") as tmp:
        folder = Path(tmp)
        book = write_forms(Filler(unit=seed["单位"]), forms, folder / "seed.xlsx")
        cells = formulas(book)
        shown = openpyxl.load_workbook(book, data_only=True)
        jx_cells = {k for k, f in cells.items() if "JX_" in f}
        showing = {k for k in jx_cells if shown[k[0]].cell(k[1], k[2]).value not in ("", None)}
        blank = {k for k in jx_cells if k[0] == L.BLANK_SHEET}
        edited = L.indicator_cell("实际完成值", EDITED_ROW)
        col, row = re.fullmatch(r"([A-Z]+)(\d+)", edited).groups()
        touched = reach(cells, (EDITED_PROJECT, int(row), _col(col))) & jx_cells
        print(f"15-project seed workbook: {len(cells)} formula cells, {len(jx_cells)} hold a "
              f"JX_ call ({len(blank)} of them on {L.BLANK_SHEET}); {len(showing)} of those "
              "show a value")
        print(f"edit: {EDITED_PROJECT}!{edited} → {NEW_ACTUAL}; {len(touched)} JX_ cells depend "
              f"on it: {sorted(Counter(re.findall(r'JX_[A-Z_]+', ' '.join(cells[k] for k in touched))).items())}")
        runs = {"harness profile (recalculates on load)": None}
        profile = folder / "installed"
        install(profile)
        runs["installed profile (LibreOffice's default: never recalculates on load)"] = profile
        for title, where in runs.items():
            steps, seconds = _session(book, folder, edited, where)
            print(f"{title}, session {seconds:.1f} s:")
            for step in ("load", "full", "edit"):
                total = sum(steps[step].values())
                per = f" ({total / len(showing):.2f} per cell showing a value)" \
                    if step == "full" else ""
                print(f"  {step:>4}: {total} JX_ calls{per}  {dict(steps[step].most_common())}")


if __name__ == "__main__":
    main()
