"""Start-up cost of the command line, each figure from fresh processes.

Reports, as medians over --runs processes, the CPU time (user + system of the child) of:
``jixiao --version``; importing what ``jixiao audit`` imports; and auditing one one-project
form end to end. It also lists the heavy packages each one loaded (numpy, xlwings, openpyxl,
yaml): the goal is that only what talks to Excel imports xlwings or numpy, and that the
version and the audit of one file start in well under a tenth / sixth of a second.

    python benchmarks/startup.py [--runs 9] [--instructions]

CPU time on a shared machine swings by a third from one minute to the next; `--instructions`
adds each row's instruction count under valgrind's callgrind (one run each, hash seed fixed),
which hardly does (about ±2 % from run to run), to compare two versions honestly.

Measured 2026-11-30 (installed copy, Python 3.11, the shared 2-core machine at load 5), before →
after the audit's first start-up round: instructions (M) interpreter 38, `--version` 140 → 129,
the audit's imports 690 → 515, the whole audit of a one-project form 874 → 569; CPU medians at
that load 90 → 57 ms, 404 → 227 ms, 453 → 287 ms.

Second round (same day): the records on the audit's path made by `pyfuncs.engine.record` (a
dataclass compiles six methods a class, ~4 M instructions; a record compiles its constructor
only), the unit patterns with no class of all 21k Chinese characters (~9 M each to compile, four
of them) and `calendar` imported at the first month's end a deadline needs (~10 M): the audit's
imports 499 → 362 M, the whole audit 561 → 413 M, `--version` 124 (unchanged). CPU medians,
the installed copies before and after run alternately, 11 each, at load 4.3 (another session's
tests running): imports 314 → 258 ms, whole audit 321 → 274 ms; by the same ratio (estimated,
not measured quiet) ~236 → ~195 ms of imports, still above the 150 ms goal. Of the 362 M: the
interpreter 38; the standard library the command line and the engine need ~130 (re and its
enums 27, argparse and pathlib 26, dataclasses with inspect 42, typing, decimal, datetime and
tomllib 34); the engine ~100 (of which the deadline patterns of `timing` 19: classes of a few
Chinese characters still make big charsets, ~2 M each); the layout and formula modules ~30; the
workbook check (zipfile) ~20; the readers and the batch modules ~25.

Third round (same day, the installed copies before and after run one after the other, 15 each,
at load 1.7): the records no longer made through `dataclasses` (which imports `inspect`, `ast`,
`dis`, `tokenize`: ~44 M); the patterns that read dates, delays and ranges compiled at the first
text that needs them (~19 M); `zipfile` (with shutil and the compression modules) and
defusedxml's XML tree imported only for an unusual zip or a form whose % formats are read;
`copy` and `threading` off the audit's path; `tomllib` imported with the first profile read
(off the imports only: the audit reads one as it runs); only the sub-command being run gets a
parser. Instructions (M): `--version` 122 → 120, the audit's imports 348 → 249, the whole
audit of a one-project form 414 → 321. CPU medians: imports 198 → 124 ms, whole audit 213 →
176 ms, `--version` 70 → 65 ms. Of the whole audit's 321 M about 25 are making
the ~45 records (compiling each one's constructor, ~0.5 M, most of it); `re` and `typing` ~40.

Run it with the Python of an installed copy (`pip install .` in a fresh virtual environment, as
a clerk has it: modules compiled at install time); the children run outside the source tree,
with PYTHONDONTWRITEBYTECODE unset, so no figure includes compiling a module.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import callgrind  # (the script's own folder is on the path)

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("numpy", "xlwings", "openpyxl", "yaml", "python_calamine", "pyfuncs", "workbook",
         "wcwidth", "multiprocessing")

AUDIT_IMPORTS = "import jixiao.cli, jixiao.batch.audit, jixiao.batch.printed, python_calamine"
LOADED = "import sys; {body}; print(','.join(sorted({{m.split('.')[0] for m in sys.modules}} & set({heavy!r}))))"


def _cpu(argv: list[str]) -> tuple[float, str]:
    """CPU seconds of one child process, and its last line of output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    out = subprocess.run(argv, capture_output=True, text=True, cwd=Path(argv[-1]).parent
                         if argv[-1].endswith(".xlsx") else tempfile.gettempdir(),
                         env=env, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    lines = out.stdout.strip().splitlines()
    return cpu, lines[-1] if lines else out.stderr.strip()[-200:]


def _median(argv: list[str], runs: int) -> tuple[float, str]:
    results = [_cpu(argv) for _ in range(runs)]
    return statistics.median(r[0] for r in results), results[-1][1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--instructions", action="store_true",
                        help="also count instructions under callgrind (needs valgrind)")
    args = parser.parse_args()
    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        form, data = Path(tmp, "one.xlsx"), Path(tmp, "one.json")
        subprocess.run([py, "-c", f"""
import json
from jixiao.examples import load_seed_2023
doc = load_seed_2023()
doc["项目"] = doc["项目"][:1]
open({str(data)!r}, "w", encoding="utf-8").write(json.dumps(doc, ensure_ascii=False))
"""], cwd=ROOT, check=True)
        subprocess.run([py, "-m", "jixiao", "fill", str(data), "-o", str(form), "-q"],
                       cwd=ROOT, check=True)
        rows = [
            ("python -c pass (the interpreter alone)", [py, "-c", "pass"]),
            ("jixiao --version", [py, "-m", "jixiao", "--version"]),
            # what the audit of one file imports, the modules it loads as it runs included
            ("import of what audit imports",
             [py, "-c", LOADED.format(body=AUDIT_IMPORTS, heavy=HEAVY)]),
            ("jixiao audit one.xlsx (whole command)",
             [py, "-m", "jixiao", "audit", str(form), "-j", "1", "-q"]),
        ]
        env_note = "numpy installed" if _has("numpy") else "no numpy (a user's install)"
        counted = "   M instr." if args.instructions else ""
        print(f"{'':44} CPU ms (median of {args.runs}){counted}   loaded   [{env_note}]")
        for label, argv in rows:
            cpu, last = _median(argv, args.runs)
            loaded = last if "import" in label else ""
            count = f"{_instructions(argv) / 1e6:11.0f}" if args.instructions else ""
            print(f"{label:44} {cpu * 1000:8.0f}{count}   {loaded}")


def _instructions(argv: list[str]) -> float:
    """Instructions one run of `argv` executes, run as the CPU times are (outside the source
    folder, bytecode written)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return callgrind.instructions(argv, cwd=tempfile.gettempdir(), env=env)


def _has(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None


if __name__ == "__main__":
    main()
