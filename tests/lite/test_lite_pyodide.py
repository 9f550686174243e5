"""The built wheel in Pyodide, as xlwings Lite runs it: it installs, lite/main.py loads it from
/data, the JX_ functions are registered under their own names and answer as in CPython, the
engine recomputes the seed forms as in CPython, and 检查全部 reports what it reports on desktop.

Runs Pyodide under node (tests/lite/run_lite.mjs) from the `pyodide` npm package: install it with
`npm ci --prefix tests/lite`. Skipped, with the reason, without node or that package. The
dependencies' pure-Python wheels are fetched with pip once (PyPI); PyYAML has no pure wheel on
PyPI (Pyodide builds its own), so its pure-Python part is wheeled from this environment.
About a minute.
"""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import subprocess
import sys
import zipfile
from importlib.metadata import distribution
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE.parent / "macros"))   # remote_book: the payload Excel would send
sys.path.insert(0, str(HERE))

import lite_run  # noqa: E402
from remote_book import payload  # noqa: E402

from jixiao.bundle import build_wheel  # noqa: E402
from pyfuncs.engine import load_profile  # noqa: E402
from workbook.build import project_refs  # noqa: E402
from workbook.fill import fill_workbook, save  # noqa: E402
from workbook.values import workbook_values  # noqa: E402

PURE_WHEELS = ["xlwings==0.37.8", "openpyxl", "et_xmlfile", "defusedxml", "packaging", "olefile",
               "wcwidth", "micropip"]


def _pyodide() -> Path | None:
    for base in (HERE, ROOT):
        if (base / "node_modules" / "pyodide" / "pyodide.mjs").is_file():
            return base / "node_modules" / "pyodide"
    return None


def _digest(data: bytes) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def _pure_yaml_wheel(dst: Path) -> Path:
    """PyYAML's pure-Python package (what it falls back to without libyaml) as a wheel."""
    dist = distribution("PyYAML")
    name = f"PyYAML-{dist.version}-py3-none-any.whl"
    info = f"PyYAML-{dist.version}.dist-info"
    files = {str(f): f.locate().read_bytes() for f in dist.files or []
             if str(f).startswith("yaml/") and str(f).endswith(".py")}
    files[f"{info}/METADATA"] = dist.read_text("METADATA").encode()
    files[f"{info}/WHEEL"] = (b"Wheel-Version: 1.0\nGenerator: jixiao-tests\n"
                              b"Root-Is-Purelib: true\nTag: py3-none-any\n")
    record = [f"{path},sha256={_digest(data)},{len(data)}" for path, data in files.items()]
    files[f"{info}/RECORD"] = ("\n".join([*record, f"{info}/RECORD,,"]) + "\n").encode()
    with zipfile.ZipFile(dst / name, "w") as whl:
        for path, data in files.items():
            whl.writestr(path, data)
    return dst / name


@pytest.fixture(scope="module")
def seed_file(seed, seed_forms, tmp_path_factory) -> Path:
    """The seed's 15 forms typed into the template, as a clerk's workbook on disk."""
    path = tmp_path_factory.mktemp("seed") / "jixiao.xlsx"
    save(fill_workbook(seed_forms, unit=seed["单位"]), path)
    return path


@pytest.fixture(scope="module")
def seed_shows(seed_forms) -> dict:
    """What the seed workbook's formula cells show in Excel with the JX_ functions."""
    return workbook_values(project_refs([f.name for f in seed_forms]), seed_forms, load_profile())


@pytest.fixture(scope="module")
def host(tmp_path_factory, seed_file, seed_shows) -> Path:
    """The folder run_lite.mjs mounts at /host."""
    if shutil.which("node") is None:
        pytest.skip("node is not installed")
    if _pyodide() is None:
        pytest.skip("the pyodide npm package is not installed: npm ci --prefix tests/lite")
    tmp = tmp_path_factory.mktemp("lite")
    wheels = tmp / "host" / "wheels"
    wheels.mkdir(parents=True)
    download = [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--only-binary=:all:",
                "--platform", "any", "--implementation", "py", "--python-version", "3.13",
                "-d", wheels, *PURE_WHEELS]
    if subprocess.run([str(c) for c in download], capture_output=True, timeout=180).returncode:
        pytest.skip("the pure-Python wheels of the dependencies cannot be fetched (PyPI)")
    _pure_yaml_wheel(wheels)
    build_wheel(ROOT, wheels)           # the wheel as `jixiao bundle` builds it
    host = tmp / "host"
    shutil.copy(ROOT / "lite" / "main.py", host / "main.py")
    shutil.copy(HERE / "lite_run.py", host / "lite_run.py")
    shutil.copy(seed_file, host / "seed.xlsx")
    from openpyxl import load_workbook

    (host / "payload.json").write_text(
        json.dumps(payload(load_workbook(seed_file), seed_shows), default=str), encoding="utf-8")
    return host


@pytest.fixture(scope="module")
def answer(host) -> dict:
    out = subprocess.run(["node", str(HERE / "run_lite.mjs"), str(host)], capture_output=True,
                         text=True, timeout=600, cwd=HERE)
    assert out.returncode == 0, out.stderr[-4000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_the_wheel_installs_in_pyodide_without_calamine_or_worker_processes(answer) -> None:
    assert answer["platform"] == "emscripten"
    applies = answer["requirements"]
    assert applies.pop("python-calamine") is False    # no wheel in Pyodide: openpyxl reads
    assert all(applies.values()) and set(applies) <= {
        n.split("=")[0].replace("_", "-").lower() for n in [*PURE_WHEELS, "pyyaml"]}
    assert answer["modules"] == []


def test_the_jx_functions_are_lite_custom_functions_named_as_in_the_template(answer) -> None:
    import pyfuncs.udfs as udfs

    assert answer["functions"] == sorted(n for n in dir(udfs) if n.startswith("JX_"))


def test_the_engine_recomputes_the_seed_as_in_cpython(answer, seed_file) -> None:
    assert len(answer["engine"]) == 15
    assert answer["engine"] == json.loads(json.dumps(lite_run.engine(seed_file), default=str))


def test_the_functions_answer_as_in_cpython(answer) -> None:
    calls = answer["calls"]
    assert len(calls) > 100
    assert [c[2] for c in calls] == [lite_run.reference_call(name, args) for name, args, _ in calls]
    assert calls[-4][2] == "#N/A" and calls[-1][2] == "#VALUE!"   # errors reach the cell as errors


def test_check_all_reports_as_on_the_desktop(answer) -> None:
    assert answer["check_all"]["counts"] == {"项目": 15, "错误": 7, "警告": 4, "提示": 0}
