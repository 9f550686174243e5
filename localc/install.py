"""Installing the JX_ functions into a clerk's own LibreOffice, and removing them again
(`jixiao libreoffice install|uninstall`).

The same two pieces as the throw-away profile (:mod:`localc.profile`) go into the user's
profile, beside whatever is there:

- the Basic module :data:`MODULE` in the user's `Standard` library. Calc finds a Basic function
  in a cell only in a library that is loaded, and LibreOffice loads only `Standard` by itself:
  a library of its own, or one inside an .oxt extension, leaves every JX_ cell `#NAME?`
  (checked on LibreOffice 7.4);
- the bridge (:mod:`localc.bridge`) as `user/Scripts/python/jx_bridge.py`, with
  :data:`localc.bridge.INSTALLED_PATHS` naming the folders this Python imports our packages
  and their dependencies from, so LibreOffice needs no environment variable.

Every workbook we write also carries a VBA module of JX_ functions for Excel (they call
xlwings). A document's own Basic functions come before the user's in Calc, and with
LibreOffice's default VBA settings that module would be run in place of ours and fail; so the
install turns off running documents' VBA code (the code is still kept and saved with the file),
and the uninstall puts the setting back as it was.

LibreOffice's own Python runs the bridge: it must be 3.11 or newer, like this package; an
older one is refused before anything is written. After installing, a headless LibreOffice
computes two JX_ cells in the profile to prove it works (else the install is undone).
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from pathlib import Path

import openpyxl

from pyfuncs.engine.errors import JixiaoError

from .jobs import recalculate
from .process import LibreOfficeError, require_soffice, run_soffice
from .profile import (
    BRIDGE_SCRIPT,
    BRIDGE_SOURCE,
    basic_source,
    module_xba,
    python_paths,
)

MODULE = "JixiaoFunctions"  # our module in the user's Standard library
MIN_PYTHON = (3, 11)
_PATHS_LINE = "INSTALLED_PATHS: list[str] = []"
_ELEMENT = f' <library:element library:name="{MODULE}"/>\n'
# what the check computes, and what it must show
CHECK = (("=JX_GRADE(86.53)", "良"), ('=JX_SCORE("≥20 次",15,10)', 7.5))  # first column


class InstallError(JixiaoError, RuntimeError):
    """The functions cannot be installed or removed here; the message says why, in Chinese."""


def default_profile() -> Path:
    """The folder of the current user's LibreOffice profile (LibreOffice 4 and later)."""
    if sys.platform == "win32":
        return Path(os.environ.get("APPDATA", Path.home())) / "LibreOffice" / "4"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "LibreOffice" / "4"
    config = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config) / "libreoffice" / "4"


def libreoffice_python(soffice: Path) -> tuple[int, int] | None:
    """The Python version LibreOffice's scripts run on: the libpython its Python-UNO bridge
    (pyuno) is linked against — the system's on Linux distributions, its own in the builds
    from libreoffice.org. None when it cannot be told."""
    program = soffice.resolve().parent
    for name in ("libpyuno.so", "pyuno.so", "pyuno.pyd", "libpyuno.dylib"):
        lib = program / name
        if lib.is_file():
            found = re.search(rb"python3\.?(\d+)", lib.read_bytes())
            if found:
                return 3, int(found.group(1))
    return None


def _check_python(soffice: Path) -> None:
    version = libreoffice_python(soffice)
    if version is not None and version < MIN_PYTHON:
        raise InstallError(
            f"LibreOffice 使用的 Python 是 {version[0]}.{version[1]}，本工具需要 "
            f"{MIN_PYTHON[0]}.{MIN_PYTHON[1]} 或更高版本；请换用较新的 LibreOffice"
            "（或系统 Python 3.11 以上的发行版），JX_ 函数没有安装")


def _paths(profile: Path) -> tuple[Path, Path, Path]:
    """The user's Standard library's script.xlb, our module file, and the bridge."""
    standard = profile / "user" / "basic" / "Standard"
    return (standard / "script.xlb", standard / f"{MODULE}.xba",
            profile / "user" / "Scripts" / "python" / BRIDGE_SCRIPT)


def installed_bridge(paths: list[str]) -> str:
    """The bridge's source with :data:`localc.bridge.INSTALLED_PATHS` naming `paths`."""
    source = BRIDGE_SOURCE.read_text(encoding="utf-8")
    if source.count(_PATHS_LINE) != 1:
        raise InstallError(f"localc/bridge.py 中找不到 {_PATHS_LINE}")
    return source.replace(_PATHS_LINE, f"INSTALLED_PATHS: list[str] = {paths!r}")


def _refuse_if_running(profile: Path) -> None:
    if (profile / ".lock").exists():
        raise InstallError(
            f"LibreOffice 正在使用配置文件夹 {profile}：请先关闭所有 LibreOffice 窗口再运行"
            f"（如果确实没有打开，删除 {profile / '.lock'} 后重试）")


def _set_up(soffice: Path, profile: Path, work: Path) -> None:
    """Start LibreOffice once in a profile that was never used, so it lays out its folders."""
    xlb = _paths(profile)[0]
    if xlb.is_file():
        return
    run_soffice(soffice, ["--terminate_after_init"], work, xlb.is_file, 120,
                "新建配置文件夹", settle=5, profile=profile)
    if not xlb.is_file():
        raise InstallError(f"LibreOffice 没有在 {profile} 中建立配置；请先打开一次 LibreOffice")


_VBA_PATH = "/org.openoffice.Office.Calc/Filter/Import/VBA"
_VBA_ITEM = re.compile(
    rf'<item oor:path="{re.escape(_VBA_PATH)}"><prop oor:name="Executable" oor:op="fuse">'
    r"<value>(\w*)</value></prop></item>\n?")
_SAVED_SETTING = "jixiao-vba-executable.txt"   # the user's setting before the install


def _registry(profile: Path) -> Path:
    return profile / "user" / "registrymodifications.xcu"


def set_vba_executable(profile: Path, value: str | None) -> str | None:
    """Set (or, with None, drop) whether Calc runs a document's VBA code, in the profile's
    settings; the value that was there before (None: LibreOffice's default)."""
    path = _registry(profile)
    text = path.read_text(encoding="utf-8") if path.is_file() else (
        '<?xml version="1.0" encoding="UTF-8"?>\n<oor:items '
        'xmlns:oor="http://openoffice.org/2001/registry" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n</oor:items>\n')
    found = _VBA_ITEM.search(text)
    before = found.group(1) if found else None
    text = _VBA_ITEM.sub("", text)
    if value is not None:
        item = (f'<item oor:path="{_VBA_PATH}"><prop oor:name="Executable" oor:op="fuse">'
                f"<value>{value}</value></prop></item>\n")
        text = text.replace("</oor:items>", item + "</oor:items>", 1)
    path.write_text(text, encoding="utf-8")
    return before


def _with_module(xlb: str) -> str:
    if f'library:name="{MODULE}"' in xlb:
        return xlb
    xlb = re.sub(r"<(library:library\b[^>]*?)\s*/>", r"<\1>\n</library:library>", xlb)
    return xlb.replace("</library:library>", _ELEMENT + "</library:library>", 1)


def _without_module(xlb: str) -> str:
    return re.sub(rf'[ \t]*<library:element library:name="{MODULE}"\s*/>\n?', "", xlb)


def write_functions(profile: Path) -> None:
    """Put the Basic module and the bridge into a profile LibreOffice has laid out."""
    xlb, module, bridge = _paths(profile)
    module.write_text(module_xba(basic_source(), MODULE), encoding="utf-8")
    bridge.parent.mkdir(parents=True, exist_ok=True)
    bridge.write_text(installed_bridge(python_paths()), encoding="utf-8")
    xlb.write_text(_with_module(xlb.read_text(encoding="utf-8")), encoding="utf-8")
    saved = profile / "user" / _SAVED_SETTING
    before = set_vba_executable(profile, "false")
    if not saved.exists():                  # a second install keeps the first one's record
        saved.write_text(before or "", encoding="utf-8")


def remove_functions(profile: Path) -> bool:
    """Take the Basic module and the bridge out of a profile; whether anything was there."""
    xlb, module, bridge = _paths(profile)
    found = module.exists() or bridge.exists()
    if xlb.is_file():
        text = xlb.read_text(encoding="utf-8")
        found = found or f'library:name="{MODULE}"' in text
        xlb.write_text(_without_module(text), encoding="utf-8")
    module.unlink(missing_ok=True)
    bridge.unlink(missing_ok=True)
    saved = profile / "user" / _SAVED_SETTING
    if saved.is_file():
        set_vba_executable(profile, saved.read_text(encoding="utf-8") or None)
        saved.unlink()
    return found


def is_installed(profile: Path | None = None) -> bool:
    """Whether the functions are in the profile (default: the user's)."""
    xlb, module, bridge = _paths(Path(profile or default_profile()))
    return module.is_file() and bridge.is_file() and xlb.is_file() and \
        f'library:name="{MODULE}"' in xlb.read_text(encoding="utf-8")


def check(profile: Path, *, timeout: float = 120) -> None:
    """Compute :data:`CHECK` in a headless LibreOffice running in `profile`.

    Raises:
        InstallError: a cell does not show what the engine computes.
    """
    with tempfile.TemporaryDirectory(prefix="jx-lo-check-") as tmp:
        wb = openpyxl.Workbook()
        for row, (formula, _) in enumerate(CHECK, start=1):
            wb.active.cell(row, 1).value = formula
        wb.save(Path(tmp) / "check.xlsx")
        out = recalculate(Path(tmp) / "check.xlsx", Path(tmp) / "out.xlsx", timeout=timeout,
                          profile=profile)
        shown = openpyxl.load_workbook(out, data_only=True).active
        wrong = {formula: shown.cell(row, 1).value
                 for row, (formula, want) in enumerate(CHECK, start=1)
                 if shown.cell(row, 1).value != want}
    if wrong:
        raise InstallError(f"安装后 LibreOffice 中的 JX_ 函数没有算出正确结果：{wrong}")


def install(profile: Path | None = None, *, verify: bool = True) -> Path:
    """Install the JX_ functions into a LibreOffice profile (default: the user's), replacing
    an earlier install; with `verify`, prove it works and undo it when not.

    Returns:
        The profile folder.

    Raises:
        InstallError: LibreOffice is missing, running, too old, or the check failed.
    """
    profile = Path(profile or default_profile()).resolve()
    try:
        soffice = require_soffice()
    except LibreOfficeError as exc:
        raise InstallError(str(exc)) from None
    _check_python(soffice)
    _refuse_if_running(profile)
    with tempfile.TemporaryDirectory(prefix="jx-lo-") as tmp:
        _set_up(soffice, profile, Path(tmp))
    write_functions(profile)
    if verify:
        try:
            check(profile)
        except (InstallError, LibreOfficeError) as exc:
            remove_functions(profile)
            raise InstallError(f"{exc}（已撤销安装）") from None
    return profile


def uninstall(profile: Path | None = None) -> bool:
    """Remove the JX_ functions from a LibreOffice profile (default: the user's).

    Returns:
        Whether they were installed.

    Raises:
        InstallError: LibreOffice is running on that profile.
    """
    profile = Path(profile or default_profile()).resolve()
    _refuse_if_running(profile)
    return remove_functions(profile)
