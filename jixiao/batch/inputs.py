"""The inputs named to `audit` and `extract`: files as given, folders opened up.

A finance office audits a folder of received forms, often in sub-folders by unit; naming
10,000 files on the command line does not fit in its arguments. A folder is read recursively:
the files whose names match the pattern (by default workbooks and data files), in path order,
without Excel's lock files (`~$…`) and our own unfinished outputs (`.~jixiao.…`).
"""

from __future__ import annotations

import fnmatch
from collections.abc import Sequence
from pathlib import Path

from pyfuncs.engine.findings import Located
from services.formats import Place

PATTERNS = ("*.xlsx", "*.xlsm", "*.json", "*.yaml", "*.yml")
"""What a folder is searched for unless a pattern is given."""
_NOT_INPUTS = ("~$*", ".~jixiao.*")


def expand(inputs: Sequence[Path | str], pattern: str | None = None
           ) -> tuple[list[Path], list[Located]]:
    """Each file as given, each folder as the matching files below it.

    Args:
        inputs: files and folders.
        pattern: a file-name pattern such as `*2023*.xlsx` for folders (default
            :data:`PATTERNS`); case-blind, as Windows names are.

    Returns:
        The files, and a problem for each folder that holds none (the others go on).
    """
    patterns = (pattern,) if pattern else PATTERNS
    files: list[Path] = []
    problems: list[Located] = []
    for given in map(Path, inputs):
        if not given.is_dir():
            files.append(given)
            continue
        found = sorted(p for p in given.rglob("*") if p.is_file() and _matches(p.name, patterns))
        if not found:
            wanted = "、".join(patterns)
            problems.append(Place(given.name or str(given)).problem(
                f"文件夹 {given} 中没有要读的文件（{wanted}）。"))
        files += found
    return files, problems


def _matches(name: str, patterns: Sequence[str]) -> bool:
    folded = name.casefold()
    if any(fnmatch.fnmatchcase(folded, p.casefold()) for p in _NOT_INPUTS):
        return False
    return any(fnmatch.fnmatchcase(folded, p.casefold()) for p in patterns)
