"""`jixiao bundle`: the offline installation folder for Windows.

The test marked `network` downloads the wheels from the package index (CI reaches it), for one
Python version to stay under a minute, then checks the folder alone: pip resolves jixiao from it
for CPython on win_amd64 with no index and none of this machine's pip settings, and the
Windows-only requirements pip cannot see from Linux (its markers are evaluated for the machine it
runs on) are met by wheels in the folder too.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

import pytest

from jixiao.bundle import (
    INSTALL_SCRIPT,
    PYTHONS,
    README_NAME,
    TEMPLATE_NAME,
    WHEELS,
    install_script,
    missing,
    readme,
)
from jixiao.cli import main
from workbook.build import TEMPLATE_PATH


def _wheel(folder: Path, name: str, version: str, tag: str, requires: list[str]) -> Path:
    """A real (tiny) wheel file: just its METADATA."""
    path = folder / f"{name}-{version}-{tag}.whl"
    meta = "".join(f"Requires-Dist: {r}\n" for r in requires)
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(f"{name}-{version}.dist-info/METADATA",
                   f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n{meta}")
    return path


def test_missing_follows_windows_markers_extras_and_tags(tmp_path) -> None:
    _wheel(tmp_path, "jixiao", "0.1.0", "py3-none-any",
           ["xlwings==0.37.8", "pyyaml>=6", 'tomli; python_version < "3.11"'])
    _wheel(tmp_path, "xlwings", "0.37.8", "cp312-cp312-win_amd64",
           ['pywin32>=224; platform_system == "Windows"', 'psutil; platform_system == "Darwin"',
            'jinja2; extra == "reports"'])
    _wheel(tmp_path, "pyyaml", "6.0.4", "cp311-cp311-win_amd64", [])
    assert sorted(str(r) for r in missing(tmp_path, "3.12")) == [
        'pywin32>=224; platform_system == "Windows"', "pyyaml>=6"]
    _wheel(tmp_path, "pywin32", "312", "cp312-cp312-win_amd64", [])
    _wheel(tmp_path, "PyYAML", "6.0.4", "cp312-cp312-win_amd64", [])
    assert missing(tmp_path, "3.12") == []
    assert [r.name for r in missing(tmp_path, "3.11")] == ["xlwings"]   # only a cp312 wheel


def test_install_script_and_readme_are_readable_on_a_chinese_windows() -> None:
    script = install_script(PYTHONS)
    script.encode("gbk")                                 # cmd.exe reads it in code page 936
    assert "\r\n" in script and "\n" not in script.replace("\r\n", "")
    install = [line for line in script.splitlines() if " -m pip install " in line]
    assert install == ['%PY% -m pip install --isolated --no-index --find-links "%~dp0wheels" jixiao']
    assert "for %%V in (3.13 3.12 3.11)" in script
    text = readme(PYTHONS)
    for name in (INSTALL_SCRIPT, TEMPLATE_NAME, "解除锁定", "启用内容", "Python 3.11 至 3.13"):
        assert name in text


@pytest.mark.network
def test_the_bundle_installs_offline_on_windows(tmp_path) -> None:
    """Bundle jixiao (its wheel built from this checkout) for Python 3.12, and resolve the
    folder with no index."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    out = tmp_path / "离线安装"
    assert main(["bundle", str(out), "--python", "3.12"]) == 0

    assert sorted(p.name for p in out.iterdir()) == sorted(
        [INSTALL_SCRIPT, README_NAME, TEMPLATE_NAME, WHEELS])
    assert (out / TEMPLATE_NAME).read_bytes() == TEMPLATE_PATH.read_bytes()
    assert (out / INSTALL_SCRIPT).read_bytes().decode("gbk") == install_script(["3.12"])
    assert (out / README_NAME).read_bytes().decode("utf-8-sig") == readme(["3.12"])
    wheels = out / WHEELS
    assert missing(wheels, "3.12") == []
    names = {p.name.split("-")[0].lower() for p in wheels.glob("*.whl")}
    assert {"jixiao", "xlwings", "pywin32", "openpyxl", "olefile"} <= names

    # pip alone, from the folder alone: no index, none of this machine's pip settings
    offline = {k: v for k, v in env.items() if not k.startswith("PIP_")}
    offline["PIP_CONFIG_FILE"] = os.devnull
    report = tmp_path / "report.json"
    done = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--no-index",
         "--find-links", wheels, "--only-binary=:all:", "--platform", "win_amd64",
         "--python-version", "3.12", "--implementation", "cp", "--target", tmp_path / "t",
         "--report", report, "jixiao"], env=offline, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    installed = json.loads(report.read_text("utf-8"))["install"]
    assert {i["metadata"]["name"].lower() for i in installed} >= {"jixiao", "xlwings", "openpyxl"}
    assert {Path(url2pathname(urlparse(i["download_info"]["url"]).path)).parent
            for i in installed} == {wheels}
