"""Instruction counts under valgrind's callgrind, for the benchmarks' `--instructions`.

CPU time on this project's shared two-core machines swings by a third from one minute to the
next; the number of instructions a run executes holds still. Every benchmark that reports one
counts it here: the run under callgrind (nothing written but its summary), the hash seed fixed.
"""

from __future__ import annotations

import os
import re
import subprocess


def instructions(argv: list[str], *, cwd: str | None = None,
                 env: dict[str, str] | None = None) -> float:
    """Instructions one run of `argv` executes (NaN when valgrind is missing or fails).

    Args:
        cwd: where to run it.
        env: its environment (default: this one's); PYTHONHASHSEED is set to 0 either way.
    """
    out = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
                          *argv], capture_output=True, text=True, check=False, cwd=cwd,
                         env={**(os.environ if env is None else env), "PYTHONHASHSEED": "0"})
    found = re.search(r"Collected : (\d+)", out.stderr)
    return float(found.group(1)) if found else float("nan")
