"""The wheel as a user installs it (`pip install jixiao-….whl`, not editable): `jixiao demo` runs
from any folder, the built-in example and the LibreOffice bridge are inside the package.

Fast and offline: the wheel is built by `jixiao bundle`'s own builder, from a copy of what the
build reads (so the checkout gets no build/ or egg-info) with this environment's setuptools;
the fresh venv has no pip and gets its dependencies from this environment's site-packages
through a .pth file, and the wheel is installed into it with --no-deps before that file exists,
so nothing of the checkout or of its editable install can be found there. About 30 s.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

from jixiao.bundle import build_wheel

ROOT = Path(__file__).resolve().parents[1]


def _run(cmd: list[str | Path], cwd: Path, timeout: float = 180) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP")}
    out = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True,
                         text=True, timeout=timeout)
    assert out.returncode == 0, f"{cmd}\n{out.stdout}\n{out.stderr}"
    return out


def test_the_installed_wheel_runs_the_demo(tmp_path: Path) -> None:
    (tmp_path / "dist").mkdir()
    wheel = build_wheel(ROOT, tmp_path / "dist")      # as `jixiao bundle` builds it
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"jixiao/examples/seed-2023.json", "localc/bridge.py",
            "workbook/template/jixiao.xlsm"} <= names

    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", venv], cwd=tmp_path)
    python = venv / "bin" / "python"
    _run([sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "-q",
          "--no-index", wheel], cwd=tmp_path)
    site = Path(_run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                     cwd=tmp_path).stdout.strip())
    ours = dict.fromkeys([sysconfig.get_path("purelib"), sysconfig.get_path("platlib")])
    (site / "dependencies.pth").write_text("\n".join(ours) + "\n", encoding="utf-8")

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = _run([python, "-c", "import jixiao, localc.bridge, jixiao.examples as e; "
                  "print(jixiao.__file__); print(localc.bridge.__file__); print(e.SEED_2023)"],
                 cwd=elsewhere).stdout.split()
    assert all(Path(p).is_relative_to(site) for p in where), where

    out = _run([venv / "bin" / "jixiao", "demo", "-o", tmp_path / "演示"], cwd=elsewhere,
               timeout=300)
    assert "数字化诊断监理招标专项工作经费" in out.stdout
    assert {p.name for p in (tmp_path / "演示").iterdir()} == {
        "模板.xlsm", "示例数据.json", "绩效自评表-2023.xlsm", "绩效自评表-2023-定稿.xlsx",
        "审核报告.xlsx"}
    assert not list(elsewhere.iterdir())
