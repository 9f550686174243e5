"""`jixiao bundle DIR`: a folder to carry to an offline Windows PC and install from.

Government PCs are often offline, where `pip install` cannot reach an index. The folder holds
the wheels of jixiao and of everything it needs on 64-bit Windows for each supported Python,
an install script that installs from that folder only, the template and a 使用说明.

pip downloads for another platform (`--platform win_amd64 --python-version X`) but evaluates
environment markers for the machine it runs on, so a Windows-only requirement (xlwings needs
pywin32 there) would be left out; :func:`missing` walks the wheels' requirements with Windows'
markers and the bundle downloads what is missing, until nothing is.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from collections.abc import Iterable, Sequence
from email.parser import HeaderParser
from pathlib import Path

from packaging.requirements import Requirement
from packaging.tags import Tag, compatible_tags, cpython_tags
from packaging.utils import canonicalize_name, parse_wheel_filename
from packaging.version import Version

from pyfuncs.engine.errors import JixiaoError
from workbook.build import TEMPLATE_PATH

PYTHONS = ("3.11", "3.12", "3.13")      # requires-python >= 3.11, and what has wheels today
PLATFORM = "win_amd64"
WHEELS = "wheels"
INSTALL_SCRIPT = "install.bat"
TEMPLATE_NAME = "绩效自评表模板.xlsm"
README_NAME = "使用说明.txt"
PROJECT_ROOT = Path(__file__).resolve().parents[1]


class BundleError(JixiaoError, RuntimeError):
    """The bundle could not be made: no source to build jixiao from, or pip failed."""


# --- which wheels a Windows Python needs ------------------------------------------------------

def windows_environment(python: str) -> dict[str, str]:
    """The marker values of CPython `python` (e.g. "3.12") on 64-bit Windows."""
    return {
        "os_name": "nt", "sys_platform": "win32", "platform_system": "Windows",
        "platform_machine": "AMD64", "platform_release": "10", "platform_version": "",
        "implementation_name": "cpython", "platform_python_implementation": "CPython",
        "python_version": python, "python_full_version": f"{python}.0",
        "implementation_version": f"{python}.0", "extra": "",
    }


def _tags(python: str) -> set[Tag]:
    major, minor = (int(p) for p in python.split("."))
    return {*cpython_tags((major, minor), platforms=[PLATFORM]),
            *compatible_tags((major, minor), f"cp{major}{minor}", platforms=[PLATFORM])}


def _requirements(wheel: Path) -> list[Requirement]:
    with zipfile.ZipFile(wheel) as z:
        meta = next(n for n in z.namelist() if n.endswith(".dist-info/METADATA"))
        headers = HeaderParser().parsestr(z.read(meta).decode("utf-8"))
    return [Requirement(r) for r in headers.get_all("Requires-Dist") or []]


def missing(wheels: Path, python: str, root: str = "jixiao") -> list[Requirement]:
    """What `pip install --no-index --find-links wheels root` would lack on Windows.

    Args:
        wheels: the folder of wheels.
        python: the Python version, e.g. "3.12".
        root: the project to install.

    Returns:
        Each requirement (Windows markers applied, extras followed) that no wheel in the
        folder meets for CPython `python` on win_amd64; empty when the folder is complete.
    """
    tags = _tags(python)
    found: dict[str, list[tuple[Version, Path]]] = {}
    for path in wheels.glob("*.whl"):
        name, version, _, wheel_tags = parse_wheel_filename(path.name)
        if wheel_tags & tags:
            found.setdefault(name, []).append((version, path))
    env = windows_environment(python)
    lacking: list[Requirement] = []
    queue, done = [Requirement(root)], set()
    while queue:
        req = queue.pop()
        name = canonicalize_name(req.name)
        fits = sorted((v, p) for v, p in found.get(name, []) if req.specifier.contains(v, True))
        if not fits:
            lacking.append(req)
            continue
        path = fits[-1][1]
        for extra in {"", *req.extras}:
            if (path, extra) in done:
                continue
            done.add((path, extra))
            queue += [r for r in _requirements(path)
                      if r.marker is None or r.marker.evaluate({**env, "extra": extra})]
    return lacking


# --- making the folder ------------------------------------------------------------------------

def _pip(args: Sequence[str | Path], what: str) -> None:
    out = subprocess.run([sys.executable, "-m", "pip", *map(str, args)],
                         capture_output=True, text=True)
    if out.returncode != 0:
        said = (out.stderr or out.stdout).strip().splitlines()[-3:]
        raise BundleError(f"{what}失败（pip）：{' '.join(said)}")


def _backend_here() -> bool:
    """Whether this environment has the build backend pyproject.toml asks for: then the wheel
    builds without fetching one into an isolated environment."""
    try:
        import setuptools
        import wheel  # noqa: F401  (setuptools before 70.1 builds wheels with it)
    except ImportError:
        return False
    return int(setuptools.__version__.split(".")[0]) >= 68


def _build_inputs(project: Path, dst: Path) -> Path:
    """Copy what the build reads: pyproject.toml, the README and the packages it includes."""
    pyproject = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))
    dst.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copyfile(project / name, dst / name)
    for pattern in pyproject["tool"]["setuptools"]["packages"]["find"]["include"]:
        for package in project.glob(pattern):
            if (package / "__init__.py").is_file():
                shutil.copytree(package, dst / package.name,
                                ignore=shutil.ignore_patterns("__pycache__"))
    return dst


def build_wheel(project: Path, dest: Path) -> Path:
    """Build jixiao's wheel from its source folder (the one holding pyproject.toml), from a
    copy, so the source folder gets no build/ or egg-info."""
    if not (project / "pyproject.toml").is_file():
        raise BundleError(f"{project} 中没有 pyproject.toml：请在本项目的源代码文件夹中运行，"
                          "或用 --wheel 指定已生成的 jixiao 安装包（.whl）。")
    with tempfile.TemporaryDirectory() as tmp:
        src = _build_inputs(project, Path(tmp) / "src")
        isolation = ["--no-build-isolation"] if _backend_here() else []
        _pip(["wheel", src, "--no-deps", "-q", *isolation, "-w", Path(tmp) / "dist"],
             "生成 jixiao 安装包")
        (wheel,) = (Path(tmp) / "dist").glob("jixiao-*.whl")
        return Path(shutil.copy2(wheel, dest / wheel.name))


def download(wheels: Path, python: str, requirements: Iterable[str | Path]) -> None:
    """Download wheels for CPython `python` on win_amd64, with their dependencies."""
    _pip(["download", "-q", "--dest", wheels, "--find-links", wheels, "--only-binary=:all:",
          "--platform", PLATFORM, "--python-version", python, "--implementation", "cp",
          *requirements], f"下载 Python {python} 的安装包")


def bundle(dest: Path, pythons: Sequence[str] = PYTHONS, *, wheel: Path | None = None,
           project: Path = PROJECT_ROOT) -> Path:
    """Write the offline installation folder `dest`.

    Args:
        dest: the folder (created; files already there are overwritten).
        pythons: the Python versions to carry wheels for.
        wheel: a built jixiao wheel; default: build one from `project`.
        project: jixiao's source folder.

    Returns:
        `dest`.
    """
    dest = Path(dest)
    wheels = dest / WHEELS
    wheels.mkdir(parents=True, exist_ok=True)
    ours = Path(shutil.copy2(wheel, wheels / Path(wheel).name)) if wheel else \
        build_wheel(project, wheels)
    for python in pythons:
        download(wheels, python, [ours])
        for _ in range(5):
            lacking = missing(wheels, python)
            if not lacking:
                break
            download(wheels, python, [str(r).split(";")[0] for r in lacking])
        else:
            raise BundleError(f"Python {python} 仍缺少：{', '.join(map(str, lacking))}")
    shutil.copyfile(TEMPLATE_PATH, dest / TEMPLATE_NAME)
    (dest / INSTALL_SCRIPT).write_bytes(install_script(pythons).encode("gbk"))
    (dest / README_NAME).write_bytes(readme(pythons).encode("utf-8-sig"))
    return dest


def _span(pythons: Sequence[str]) -> str:
    low, high = min(pythons, key=Version), max(pythons, key=Version)
    return f"Python {low}" if low == high else f"Python {low} 至 {high}"


def install_script(pythons: Sequence[str]) -> str:
    """install.bat: find a Python the folder has wheels for, install from `wheels` only.

    Saved in GBK with CRLF line ends: cmd.exe on a Chinese Windows reads a batch file in the
    console's code page (936).
    """
    newest_first = sorted(pythons, key=Version, reverse=True)
    low, high = newest_first[-1], newest_first[0]
    check = (f"import sys; sys.exit(0 if ({low.replace('.', ',')}) <= sys.version_info[:2] "
             f"<= ({high.replace('.', ',')}) else 1)")
    lines = [
        "@echo off",
        "setlocal",
        'cd /d "%~dp0"',
        "set PY=",
        f"for %%V in ({' '.join(newest_first)}) do if not defined PY "
        '(py -%%V -c "pass" >nul 2>nul && set "PY=py -%%V")',
        f'if not defined PY (python -c "{check}" >nul 2>nul && set PY=python)',
        "if not defined PY (",
        f"  echo 没有找到 {_span(pythons)}（64 位）。请先安装，安装时勾选“Add python.exe to PATH”。",
        "  pause",
        "  exit /b 1",
        ")",
        "echo 正在从本文件夹安装 jixiao（不需要联网）……",
        f'%PY% -m pip install --isolated --no-index --find-links "%~dp0{WHEELS}" jixiao',
        "if errorlevel 1 (",
        "  echo 安装没有成功。请把上面的文字拍照或复制，发给技术人员。",
        "  pause",
        "  exit /b 1",
        ")",
        "echo.",
        f"echo 安装完成。现在可以打开“{TEMPLATE_NAME}”，点“启用内容”后使用。",
        "pause",
        "",
    ]
    return "\r\n".join(lines)


def readme(pythons: Sequence[str]) -> str:
    """使用说明.txt (UTF-8 with a BOM, so Notepad shows it right; CRLF)."""
    text = f"""绩效自评表助手（jixiao）离线安装包
================================

本文件夹可以复制到没有联网的 Windows 电脑（64 位）上安装使用。

文件夹中有：
  {INSTALL_SCRIPT}          安装程序（双击运行）
  {WHEELS}\\                 安装所需的全部文件（不要改动）
  {TEMPLATE_NAME}  自评表模板
  {README_NAME}           本说明

一、安装 Python（每台电脑一次）
  需要 {_span(pythons)} 的 64 位版本（本文件夹不含 Python 安装程序，请向技术人员索取，
  例如 python-{max(pythons, key=Version)}.x-amd64.exe）。安装时在第一个界面勾选“Add python.exe to PATH”。

二、安装本工具（每台电脑一次）
  双击“{INSTALL_SCRIPT}”。窗口中最后显示“安装完成”即可，按任意键关闭窗口。
  安装只从本文件夹读取文件，不需要联网。

三、打开模板
  1. 把“{TEMPLATE_NAME}”复制到自己的文件夹，再打开。
  2. 从网上或邮件下载的文件，Excel 会阻止其中的宏：窗口上方出现红色的“安全风险  Microsoft
     已阻止宏运行，因为此文件的来源不受信任”。这时关闭文件，在文件上点右键 →“属性”，在
     “常规”页下方勾选“解除锁定”，点“确定”，再打开。从 U 盘复制来的文件通常没有这一步。
  3. 打开后窗口上方出现黄色的“安全警告  宏已被禁用”，点“启用内容”。
  4. 输入数据，执行率、得分、总分、等级自动计算。不需要在 Excel 中导入函数，也不需要修改
     信任中心的设置。

如果 Python 不在 PATH 中（单元格显示错误，提示找不到 Python），请技术人员在 xlwings 设置中
填写 python.exe 的完整路径。WPS 不能运行这些函数，请使用只含数值的定稿文件。
"""
    return text.replace("\n", "\r\n")
