"""What the Pyodide test runs, as xlwings Lite would: inside Pyodide (run_lite.mjs) and, for the
reference answers, in this CPython.

Inside Pyodide, :func:`install` first puts the pure-Python dependencies in with micropip (from
local wheels standing in for PyPI and Pyodide's repository, which this machine cannot reach) and
jixiao's wheel into /data, as a clerk imports it through the Files menu; then lite/main.py is
loaded as xlwings Lite loads it. :func:`run` then answers, as JSON:

- `functions`: the custom functions xlwings Lite registers from main.py (name in cells);
- `engine`: each project sheet of the seed workbook read and recomputed by the engine;
- `calls`: JX_ functions called the way xlwings Lite calls them (Office.js arguments, through
  xlwings' `custom_functions_call`), with what each returned;
- `check_all`: 检查全部 on xlwings' remote book of the seed workbook (the counts it reports).
"""

from __future__ import annotations

import importlib.util
import inspect
import json
import os
import shutil
import sys
import time
from pathlib import Path
from typing import Any

ERROR_TEXT = {"Div0": "#DIV/0!", "NotAvailable": "#N/A", "Name": "#NAME?", "Null": "#NULL!",
              "Num": "#NUM!", "Ref": "#REF!", "Value": "#VALUE!"}


async def install(wheels: Path, jixiao_wheel: Path) -> dict[str, Any]:
    """micropip the dependencies from local wheels; jixiao's wheel goes to /data."""
    import micropip

    deps = sorted(p for p in wheels.glob("*.whl") if not p.name.startswith(("jixiao-", "micropip-")))
    started = time.perf_counter()
    await micropip.install([f"emfs:{p}" for p in deps], deps=False)
    data = Path("/data")
    data.mkdir(exist_ok=True)
    shutil.copy(jixiao_wheel, data / jixiao_wheel.name)
    return {"installed": sorted(p.name for p in deps), "seconds": time.perf_counter() - started}


def load_main(main_py: Path) -> Any:
    """lite/main.py as xlwings Lite loads it (module `main`)."""
    spec = importlib.util.spec_from_file_location("main", main_py)
    module = importlib.util.module_from_spec(spec)
    sys.modules["main"] = module
    spec.loader.exec_module(module)
    return module


def requirements() -> dict[str, bool]:
    """jixiao's dependencies, each with whether it applies here (its marker): what micropip
    installs with it."""
    from importlib.metadata import requires

    from packaging.requirements import Requirement

    reqs = [Requirement(r) for r in requires("jixiao") or []]
    reqs = [r for r in reqs if "extra" not in str(r.marker)]     # not the test or bench extras
    return {r.name: (r.marker is None or r.marker.evaluate({"extra": ""})) for r in reqs}


def engine(seed_file: Path) -> list[dict[str, Any]]:
    from openpyxl import load_workbook

    from pyfuncs.engine import evaluate_form, load_profile
    from workbook import layout as L
    from workbook.read import read_form

    profile = load_profile()
    out = []
    for ws in load_workbook(seed_file).worksheets:
        if ws.title in L.NOT_PROJECT_SHEETS:
            continue
        form = read_form(ws)
        result = evaluate_form(form, profile)
        out.append({"sheet": ws.title, "total": result.total, "grade": result.grade,
                    "findings": [f.code for f in result.findings],
                    "rows": [[ind.target, ind.actual, ind.weight] for ind in form.indicators]})
    return out


def _cell(value: Any) -> Any:
    """A value as Office.js returns it to the cell, with an error as its text."""
    if isinstance(value, dict) and value.get("type") == "Error":
        return ERROR_TEXT[value["errorType"]]
    return value


async def calls(main: Any, forms: list[dict[str, Any]]) -> list[list[Any]]:
    """JX_SCORE, JX_BAND, JX_PARSE on every indicator row and JX_GRADE on every total, each
    as xlwings Lite calls it: arguments as 2-D arrays, errors in the result as Office.js's."""
    import xlwings as xw
    from xlwings.server import custom_functions_call

    todo: list[tuple[str, list[Any]]] = []
    for form in forms:
        for target, actual, weight in form["rows"]:
            todo += [("JX_SCORE", [target, actual, weight]), ("JX_BAND", [target, actual, weight]),
                     ("JX_PARSE", [target])]
        todo.append(("JX_GRADE", [form["total"]]))
    todo += [("JX_SCORE", ["≥90%", {"type": "Error", "basicValue": "#N/A",
                                      "errorType": "NotAvailable"}, 10]),
             ("JX_EXEC_RATE", [95, 0]), ("JX_FUND_SCORE", [95, 100, 10]), ("JX_GRADE", ["x"])]
    out = []
    for name, args in todo:
        data = {"func_name": name, "args": [[[a]] for a in args], "version": xw.__version__,
                "client": "Office.js", "runtime": "1.4", "culture_info_name": "zh-CN",
                "date_format": "yyyy/m/d"}
        result = await custom_functions_call(data, main)
        out.append([name, args, _cell(result[0][0])])
    return out


def reference_call(name: str, args: list[Any]) -> Any:
    """What the function answers in CPython, called directly (Excel on Windows shows this)."""
    import pyfuncs.udfs as udfs
    from pyfuncs.xlerror import ERRORS

    plain = [ERRORS[a["basicValue"]] if isinstance(a, dict) else a for a in args]
    result = getattr(udfs, name)(*plain)
    return str(result) if isinstance(result, str) else result


async def check_all(main: Any, payload: dict[str, Any]) -> dict[str, Any]:
    """检查全部 as xlwings Lite runs the script (xlwings' `custom_scripts_call`, which gives back
    the book with the actions to play in Excel), and its report (the function beneath)."""
    import xlwings as xw
    from xlwings.server import custom_scripts_call

    book = xw.Book(json=payload)
    started = time.perf_counter()
    await custom_scripts_call(main, "检查全部", typehint_to_value={xw.Book: book})
    seconds = time.perf_counter() - started
    actions = book.json()["actions"]
    report = inspect.unwrap(main.检查全部)(xw.Book(json=payload))
    return {"counts": report.counts, "ok": report.ok, "seconds": seconds,
            "actions": len(actions), "alert": [a["args"] for a in actions if a["func"] == "alert"]}


async def run(host: Path) -> str:
    """Everything, inside Pyodide; the answers as JSON."""
    os.environ["XLWINGS_ON_SERVER"] = "true"   # as in xlwings Lite: the decorators register
    os.environ["XLWINGS_LICENSE_KEY"] = "noncommercial"  # the remote book (README, 许可)
    (jixiao_wheel,) = (host / "wheels").glob("jixiao-*.whl")
    answer: dict[str, Any] = {"install": await install(host / "wheels", jixiao_wheel)}
    started = time.perf_counter()
    main = load_main(host / "main.py")
    answer["import_seconds"] = time.perf_counter() - started
    answer["platform"] = sys.platform
    answer["python"] = sys.version.split()[0]
    answer["requirements"] = requirements()
    answer["modules"] = sorted(m for m in ("python_calamine", "multiprocessing",
                                           "concurrent.futures.process") if m in sys.modules)
    from xlwings.server import custom_functions_meta

    answer["functions"] = sorted(f["name"] for f in custom_functions_meta(main)["functions"])
    started = time.perf_counter()
    answer["engine"] = engine(host / "seed.xlsx")
    answer["engine_seconds"] = time.perf_counter() - started
    answer["calls"] = await calls(main, answer["engine"])
    payload = json.loads((host / "payload.json").read_text(encoding="utf-8"))
    answer["check_all"] = await check_all(main, payload)
    return json.dumps(answer, ensure_ascii=False, default=str)

