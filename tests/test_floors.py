"""The project's floors, each importing only the floors below it:

    engine ← worksheet functions ← workbook ← services ← command line | macros ← lite

`localc` (headless LibreOffice: the tests, the printed PDF report, and the install of the functions
into a clerk's LibreOffice) stands below the command line, which offers `audit --report x.pdf`
and `jixiao libreoffice install`; it may use the floors below services and services, never the
command line or the macros. Its picture maker `localc.render` is a maintainers' tool on top. The import graph
is read from the source with `ast` (every import, at the top of a module or inside a
function); and the macros and xlwings Lite's main.py are imported for real, in a fresh
interpreter where importing `jixiao` fails.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from jixiao.examples import load_seed_2023

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("pyfuncs", "workbook", "services", "jixiao", "macros", "localc")
LITE = ROOT / "lite" / "main.py"

# each floor and the floors it may import (itself included)
BELOW = {
    "engine": {"engine"},
    "udfs": {"engine", "udfs"},
    "workbook": {"engine", "udfs", "workbook"},
    "services": {"engine", "udfs", "workbook", "services"},
    "jixiao": {"engine", "udfs", "workbook", "services", "localc", "jixiao"},
    "macros": {"engine", "udfs", "workbook", "services", "macros"},
    "lite": {"engine", "udfs", "workbook", "services", "macros", "lite"},
    "localc": {"engine", "udfs", "workbook", "services", "localc"},
    "render": {"engine", "udfs", "workbook", "services", "localc", "jixiao", "render"},
}


def floor(module: str) -> str:
    """The floor a module of ours stands on."""
    top = module.split(".")[0]
    if module == "localc.render":
        return "render"
    if module == "pyfuncs.engine" or module.startswith("pyfuncs.engine."):
        return "engine"
    return "udfs" if top == "pyfuncs" else top       # udfs, xlerror, vba; the package docstring


def our_modules() -> dict[str, Path]:
    """Module name → file, for every module of the project's packages and lite/main.py."""
    modules = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = path
    modules["lite.main"] = LITE
    return modules


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The modules of ours that `name` imports: `from a import b` is module a.b when that is
    one of ours, else a; relative imports are resolved against the module's package."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            for a in node.names:
                found.add(f"{base}.{a.name}" if f"{base}.{a.name}" in known else base)
    return {m for m in found if m in known}


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    modules = our_modules()
    known = set(modules)
    return {name: imports_of(name, path, known) for name, path in modules.items()}


def test_the_graph_is_read(graph) -> None:
    """A guard on the reader itself: edges it must see, of each kind of import."""
    assert "pyfuncs.engine" in graph["pyfuncs.worksheet"]                 # from .engine import
    assert "services.filled" in graph["macros.export"]                   # absolute
    assert "jixiao.batch.demo" in graph["jixiao.cli"]                    # inside a function
    assert "services.untrusted" in graph["services.formats.xlsx_data"]   # from .. import
    assert "macros" in graph["lite.main"]


def test_every_import_goes_downwards(graph) -> None:
    upward = sorted(f"{a} ({floor(a)}) imports {b} ({floor(b)})"
                    for a, targets in graph.items() for b in targets
                    if floor(b) not in BELOW[floor(a)])
    assert upward == []


def test_no_import_cycles(graph) -> None:
    """No module imports itself through others, so any of them can be imported first."""
    state: dict[str, str] = {}
    cycles: list[list[str]] = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = "open"
        for nxt in sorted(graph[node]):
            if state.get(nxt) == "open":
                cycles.append([*path[path.index(nxt):], nxt])
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []


BLOCK_JIXIAO = """
import importlib, importlib.util, pathlib, pkgutil, sys

class NoJixiao:
    def find_spec(self, name, path=None, target=None):
        if name == "jixiao" or name.startswith("jixiao."):
            raise ImportError(f"the macros must not import {name}")
        return None

sys.meta_path.insert(0, NoJixiao())
import macros
for info in pkgutil.walk_packages(macros.__path__, "macros."):
    importlib.import_module(info.name)
spec = importlib.util.spec_from_file_location("lite_main", sys.argv[1])
main = importlib.util.module_from_spec(spec)
spec.loader.exec_module(main)
assert not [m for m in sys.modules if m == "jixiao" or m.startswith("jixiao.")]
print(len([m for m in sys.modules if m.startswith("macros.")]), "macros modules")
"""


def test_the_macros_and_lite_run_without_the_command_line() -> None:
    """What xlwings Lite and RunPython load never needs the command-line package."""
    out = subprocess.run([sys.executable, "-c", BLOCK_JIXIAO, str(LITE)], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    expected = len([p for p in (ROOT / "macros").glob("*.py") if p.name != "__init__.py"])
    assert out.stdout.split()[0] == str(expected)


NO_EXCEL = """
import sys
import jixiao.cli, jixiao.batch.audit, jixiao.batch.extract, jixiao.batch.fill
import workbook.values, workbook.build, services.filled
from pyfuncs import worksheet
assert worksheet.JX_SCORE("≥20 次", "15", 10) == 7.5
print(sorted(m for m in sys.modules if m.split(".")[0] == "xlwings"))
"""


VERSION_ONLY = """
import contextlib, io, sys
before = set(sys.modules)
from jixiao.cli import main
with contextlib.redirect_stdout(io.StringIO()) as out, contextlib.suppress(SystemExit):
    main(["--version"])
assert out.getvalue().startswith("jixiao "), out.getvalue()
print(sorted({m.split(".")[0] for m in set(sys.modules) - before}
             - set(sys.stdlib_module_names)))
"""


AUDIT_ONLY = """
import sys
before = set(sys.modules)
import jixiao.cli, jixiao.batch.audit
print(sorted({m.split(".")[0] for m in set(sys.modules) - before}
             & {"openpyxl", "yaml", "numpy", "xlwings"}))
"""


def test_the_audit_loads_no_writer_and_no_yaml() -> None:
    """Auditing workbooks reads them with python-calamine: openpyxl (writing, data workbooks,
    reports), YAML and xlwings load only when a file or a command needs them."""
    out = subprocess.run([sys.executable, "-c", AUDIT_ONLY], capture_output=True, text=True,
                         cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"


AUDIT_OURS = """
import contextlib, io, sys
from jixiao.cli import main
with contextlib.redirect_stdout(io.StringIO()) as out:
    status = main(["audit", sys.argv[1]])
assert status == 1 and "NA_WEIGHTED" in out.getvalue(), out.getvalue()
from workbook.layout import project_spec
print(project_spec.cache_info().currsize, sorted(
    m for m in sys.modules if m.split(".")[0] in {"multiprocessing", "wcwidth", "secrets", "json",
                                                  "dataclasses", "inspect", "zipfile",
                                                  "defusedxml"}
    or m in {"concurrent.futures.process", "importlib.resources", "workbook.labels",
             "xml.etree.ElementTree",
             "workbook.formula.evaluate", "pyfuncs.worksheet"}))
"""


def test_the_audit_of_our_workbook_starts_with_what_it_needs(tmp_path: Path) -> None:
    """The audit of one of our own workbooks (its findings printed as a table) loads no process
    pool, no wcwidth, no json, no label families of other units' forms, no formula evaluator, no
    importlib.resources, no dataclasses or inspect (the records are `record`s: ~44 M
    instructions), no zipfile (an ordinary workbook is measured by `services.zipdir`) and no
    XML tree (no % format to look up: `workbook.numformats`), and recognises its sheets
    without building the project sheet's whole description: each costs start-up time a file
    does not need (benchmarks/startup.py)."""
    data, form = tmp_path / "seed.json", tmp_path / "seed.xlsx"
    data.write_text(json.dumps(load_seed_2023(), ensure_ascii=False), encoding="utf-8")
    subprocess.run([sys.executable, "-m", "jixiao", "fill", str(data), "-o", str(form), "-q"],
                   cwd=ROOT, check=True)
    out = subprocess.run([sys.executable, "-c", AUDIT_OURS, str(form)], capture_output=True,
                         text=True, cwd=ROOT, check=False)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split(None, 1) == ["0", "[]\n"]


def test_version_and_help_load_only_the_command_line() -> None:
    """`jixiao --version` answers from the standard library and the `jixiao` package alone:
    the engine, the workbook and the readers load when a command runs (start-up figures:
    benchmarks/startup.py)."""
    out = subprocess.run([sys.executable, "-c", VERSION_ONLY], capture_output=True, text=True,
                         cwd=ROOT, check=True)
    assert out.stdout.strip() == "['jixiao']"


def test_only_what_talks_to_excel_imports_xlwings() -> None:
    """The command line, the workbook and the worksheet functions themselves load without
    xlwings (a quarter of a second of every command's start-up); `pyfuncs.udfs` registers
    the very same functions with it."""
    out = subprocess.run([sys.executable, "-c", NO_EXCEL], capture_output=True, text=True,
                         cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"
    from pyfuncs import udfs, worksheet

    assert {n: getattr(udfs, n).__wrapped__ for n in udfs.__all__} == {
        n: getattr(worksheet, n).__wrapped__ for n in worksheet.__all__}


AUDIT_IMPORTS = """
import re, sys
import jixiao.cli, jixiao.batch.audit, jixiao.batch.printed
from pyfuncs.engine import parse, timing, units
print(sorted(m for m in sys.modules if m in {"calendar", "locale"}),
      [k for k, v in vars(units).items() if isinstance(v, re.Pattern) and "\\\\u4e00-" in v.pattern],
      [f.__name__ for f in (timing._cn_date, timing.num_date, timing._year_part, timing._after,
                            timing._late_by, timing._late, timing._early, parse._range)
       if f.cache_info().currsize])
"""


def test_what_the_audit_imports_builds_no_class_of_all_chinese_characters() -> None:
    """Importing what `jixiao audit` imports loads no calendar (its enums and locale: ~10 M
    instructions; the deadlines import it at the first month's end they need) and compiles no
    regex class of the 21k Chinese characters (~9 M each; units.py checks the character it took
    instead), and compiles none of the patterns that read dates, delays and ranges (~19 M
    together: compiled at the first text that needs them): start-up figures in
    benchmarks/startup.py."""
    out = subprocess.run([sys.executable, "-c", AUDIT_IMPORTS], capture_output=True, text=True,
                         cwd=ROOT, check=True)
    assert out.stdout.strip() == "[] [] []"
