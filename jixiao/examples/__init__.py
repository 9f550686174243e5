"""The built-in example, shipped inside the package so that `jixiao demo` works after any install.

It is the 2023 forms of 安庆市经济和信息化局本级: 15 real projects, typed in as printed, their
mistakes kept. The demo, the documentation picture, the benchmarks and the tests all read this
one copy.
"""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path
from typing import Any

# Installed packages are folders, so the resource is a file with a path of its own.
SEED_2023 = Path(str(files(__name__).joinpath("seed-2023.json")))


def load_seed_2023() -> dict[str, Any]:
    """The built-in example as a document of the data format: {"单位", "年度", "项目": [...]}."""
    return json.loads(SEED_2023.read_text(encoding="utf-8"))
