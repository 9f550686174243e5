"""Start-up cost of the command line, each figure from fresh processes.

Reports, as medians over --runs processes, the CPU time (user + system of the child) of:
``jixiao --version``; importing what ``jixiao audit`` imports; and auditing one one-project
form end to end. It also lists the heavy packages each one loaded (numpy, xlwings, openpyxl,
yaml): the goal is that only what talks to Excel imports xlwings or numpy, and that the
version and the audit of one file start in well under a tenth / sixth of a second.

    python benchmarks/startup.py [--runs 9]

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
        print(f"{'':44} CPU ms (median of {args.runs})   loaded   [{env_note}]")
        for label, argv in rows:
            cpu, last = _median(argv, args.runs)
            loaded = last if "import" in label else ""
            print(f"{label:44} {cpu * 1000:8.0f}   {loaded}")


def _has(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None


if __name__ == "__main__":
    main()
