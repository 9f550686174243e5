"""Recalculate and render workbooks that call the JX_ worksheet functions, in headless LibreOffice.

There is no Excel on Linux, so this is how the project proves that its template recalculates
live: LibreOffice Calc opens the workbook with a throw-away user profile in which

- the registry forces a full recalculation when an .xlsx (or .ods) is loaded, and turns off the
  import of the workbook's own VBA, so its xlwings module cannot shadow ours;
- a Basic library defines one function per `JX_` function of :mod:`pyfuncs.udfs`, generated
  from its signature, which hands the call to Python through the script provider;
- this very file is copied to `user/Scripts/python/` as that Python script: LibreOffice's own
  interpreter runs :func:`call` below, which imports `pyfuncs.udfs` from the paths we pass in
  the environment.

Our Excel error values come back as real Calc errors (`#DIV/0!` …, so IFERROR works): Calc
reads a NaN carrying its internal error number as that error (Basic's `CVErr` would reach the
cell as the text `Error 2007`). LibreOffice shows a dialog on any Basic error and then never
exits in headless mode, so the Basic catches every error, and every run of `soffice` is
bounded by a timeout after which its whole process group is killed.

One difference from Excel remains: Calc does not call a Basic function when an argument, or any
cell of a range argument, is an error; the cell shows that error. (Excel passes it in, so there
JX_FORM_CHECK explains a budget of 0 where Calc shows #DIV/0!.)

:func:`recalculate` and :func:`to_pdf` are one `soffice --convert-to` each. To do what a clerk
does by hand first — insert a row, copy the row above into it, type, protect —
:func:`edit_and_recalculate` and :func:`run_jobs` start `soffice` on this file's
:func:`run_session` instead (a `vnd.sun.star.script:` URL on the command line): inside
LibreOffice it opens each workbook, makes the edits through the UNO API, recalculates, saves
(.xlsx, .ods or .pdf), reports to a file and quits; several workbooks share one session. The
same timeout and process-group kill apply.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import json
import os
import shutil
import signal
import struct
import subprocess
import sys
import sysconfig
import tempfile
import time
import zipfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple
from xml.sax.saxutils import escape

PATHS_ENV = "JX_LO_PATHS"  # os.pathsep-separated folders the bridge puts on sys.path
LOG_ENV = "JX_LO_LOG"  # file where the bridge and the Basic note what went wrong
JOBS_ENV = "JX_LO_JOBS"  # the JSON file telling :func:`run_session` what to do
BRIDGE = "jx_bridge.py"
SETTLE_SECONDS = 10.0  # how long soffice may linger after writing a complete output

# Excel's CVErr number -> Calc's internal error number (FormulaError), which Calc reads from
# the low bits of a NaN. Checked against LibreOffice 7.4: each comes back under Excel's name.
CALC_ERRORS = {2000: 521, 2007: 532, 2015: 519, 2023: 524, 2029: 525, 2036: 503, 2042: 32767}
CALC_VALUE_ERROR = 519


class LibreOfficeError(RuntimeError):
    """LibreOffice is missing, failed, hung, or a JX_ function could not run inside it."""


# --- finding LibreOffice -----------------------------------------------------------------------

def _soffice() -> Path | None:
    found = shutil.which("soffice")
    return Path(found) if found else None


def available() -> bool:
    """Whether headless recalculation can work here.

    Returns:
        True when `soffice`, LibreOffice's Python bridge (python3-uno) and its Python script
        provider are installed.
    """
    soffice = _soffice()
    if soffice is None:
        return False
    program = soffice.resolve().parent
    return all((program / f).is_file() for f in ("pythonscript.py", "pythonloader.py"))


# --- the throw-away profile --------------------------------------------------------------------

_XCU_ITEM = (
    '<item oor:path="{path}"><prop oor:name="{name}" oor:op="fuse">'
    "<value>{value}</value></prop></item>"
)
_SETTINGS = (
    ("/org.openoffice.Office.Calc/Formula/Load", "OOXMLRecalcMode", "0"),
    ("/org.openoffice.Office.Calc/Formula/Load", "ODFRecalcMode", "0"),
    ("/org.openoffice.Office.Calc/Filter/Import/VBA", "Load", "false"),
    ("/org.openoffice.Office.Calc/Filter/Import/VBA", "Executable", "false"),
    # Marks the profile as set up: otherwise the first start copies the stock presets over
    # user/basic and our library is gone.
    ("/org.openoffice.Setup/Office", "ooSetupInstCompleted", "true"),
)

_XML = '<?xml version="1.0" encoding="UTF-8"?>\n'
_DOCTYPE = (
    '<!DOCTYPE {root} PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "{dtd}">\n'
)
_LIBRARY_NS = 'xmlns:library="http://openoffice.org/2000/library"'


def _registry() -> str:
    items = "\n".join(_XCU_ITEM.format(path=p, name=n, value=v) for p, n, v in _SETTINGS)
    return (
        f'{_XML}<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
        f'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n{items}\n</oor:items>\n'
    )


def _library_list(kind: str) -> str:
    """user/basic/script.xlc or dialog.xlc: the one library, Standard."""
    return (
        f"{_XML}{_DOCTYPE.format(root='library:libraries', dtd='libraries.dtd')}"
        f'<library:libraries {_LIBRARY_NS} xmlns:xlink="http://www.w3.org/1999/xlink">\n'
        f' <library:library library:name="Standard" '
        f'xlink:href="$(USER)/basic/Standard/{kind}.xlb/" xlink:type="simple" '
        'library:link="false"/>\n</library:libraries>\n'
    )


def _library(modules: tuple[str, ...]) -> str:
    """Standard/script.xlb (listing Module1) or dialog.xlb (no dialogs)."""
    elements = "".join(f' <library:element library:name="{m}"/>\n' for m in modules)
    return (
        f"{_XML}{_DOCTYPE.format(root='library:library', dtd='library.dtd')}"
        f'<library:library {_LIBRARY_NS} library:name="Standard" library:readonly="false" '
        f'library:passwordprotected="false">\n{elements}</library:library>\n'
    )


def _module(source: str) -> str:
    """Standard/Module1.xba around the Basic source."""
    return (
        f"{_XML}{_DOCTYPE.format(root='script:module', dtd='module.dtd')}"
        '<script:module xmlns:script="http://openoffice.org/2000/script" '
        f'script:name="Module1" script:language="StarBasic">{escape(source)}</script:module>\n'
    )


# The fixed part of the Basic. Every error is caught: an uncaught one opens a dialog that
# nobody closes in headless mode. `given` holds "1" or "0" per argument (omitted or not).
_BASIC_HELPERS = f"""REM Generated by workbook/libreoffice.py from pyfuncs.udfs; do not edit.

Private oJxScript As Object

Private Sub JxPut(a, i As Integer, given As String, Optional x)
    If IsMissing(x) Then
        given = given & "0"
    Else
        a(i) = x
        given = given & "1"
    End If
End Sub

Private Function JxCall(name As String, a, given As String)
    Dim outIdx(), outArgs(), r
    On Error GoTo failed
    If IsNull(oJxScript) Then
        oJxScript = createUnoService("com.sun.star.script.provider.MasterScriptProviderFactory") _
            .createScriptProvider("") _
            .getScript("vnd.sun.star.script:{BRIDGE}$call?language=Python&location=user")
    End If
    r = oJxScript.invoke(Array(name, a, given), outIdx, outArgs)
    If IsArray(r) Then r = JxMatrix(r)
    JxCall = r
    Exit Function
failed:
    JxLog name & ": Basic error " & Err & ": " & Join(Split(Error$, Chr(10)), " ")
    JxCall = "#VALUE!"
End Function

Private Function JxMatrix(rows)
    Dim m(), row, i As Long, j As Long
    ReDim m(1 To UBound(rows) + 1, 1 To UBound(rows(0)) + 1)
    For i = 0 To UBound(rows)
        row = rows(i)
        For j = 0 To UBound(row)
            m(i + 1, j + 1) = row(j)
        Next j
    Next i
    JxMatrix = m
End Function

Private Sub JxLog(text As String)
    Dim f As Integer
    On Error Resume Next
    f = FreeFile
    Open Environ("{LOG_ENV}") For Append As #f
    Print #f, text
    Close #f
End Sub
"""


def _udfs() -> Any:
    """pyfuncs.udfs, imported lazily: inside LibreOffice only once the paths are set."""
    from pyfuncs import udfs

    return udfs


def worksheet_functions() -> dict[str, Any]:
    """The JX_ functions LibreOffice gets, by name.

    Returns:
        Every public `JX_…` callable of :mod:`pyfuncs.udfs`, sorted by name.
    """
    udfs = _udfs()
    return {n: getattr(udfs, n) for n in sorted(dir(udfs))
            if n.startswith("JX_") and callable(getattr(udfs, n))}


def _basic_function(name: str, fn: Any) -> str:
    """One Basic function forwarding to :func:`call`; parameters keep their order and
    optionality. Their names get a `p_` prefix so none can clash with a Basic keyword."""
    params = list(inspect.signature(fn).parameters.values())
    heads = [("Optional " if p.default is not p.empty else "") + f"p_{p.name}" for p in params]
    lines = [f"Function {name}({', '.join(heads)})",
             f"    Dim a({max(len(params) - 1, 0)}), given As String"]
    lines += [f"    JxPut a, {i}, given, p_{p.name}" for i, p in enumerate(params)]
    lines += [f'    {name} = JxCall("{name}", a, given)', "End Function", ""]
    return "\n".join(lines)


def basic_source() -> str:
    """The Basic module (Module1) that makes the JX_ functions known to Calc.

    Returns:
        Basic source: the helpers, then one function per :func:`worksheet_functions` entry.
    """
    functions = [_basic_function(n, fn) for n, fn in worksheet_functions().items()]
    return _BASIC_HELPERS + "\n" + "\n".join(functions)


def _write_profile(root: Path) -> str:
    """Lay out a fresh user profile under `root`; returns its -env:UserInstallation URL."""
    user = root / "user"
    standard = user / "basic" / "Standard"
    scripts = user / "Scripts" / "python"
    standard.mkdir(parents=True)
    scripts.mkdir(parents=True)
    files = {
        user / "registrymodifications.xcu": _registry(),
        user / "basic" / "script.xlc": _library_list("script"),
        user / "basic" / "dialog.xlc": _library_list("dialog"),
        standard / "script.xlb": _library(("Module1",)),
        standard / "dialog.xlb": _library(()),
        standard / "Module1.xba": _module(basic_source()),
    }
    for path, text in files.items():
        path.write_text(text, encoding="utf-8")
    shutil.copyfile(Path(__file__), scripts / BRIDGE)
    return root.resolve().as_uri()


def _python_paths() -> list[str]:
    """What LibreOffice's Python needs to import pyfuncs: the project root and this
    interpreter's site-packages (for xlwings and the rest)."""
    udfs_file = Path(inspect.getfile(_udfs()))
    paths = [str(udfs_file.parent.parent), sysconfig.get_path("purelib"),
             sysconfig.get_path("platlib")]
    return list(dict.fromkeys(paths))


# --- running soffice ---------------------------------------------------------------------------

def _complete(path: Path) -> bool:
    """Whether an output file is whole (soffice sometimes hangs after writing it)."""
    if not path.is_file() or path.stat().st_size == 0:
        return False
    if path.suffix.lower() == ".pdf":
        with path.open("rb") as f:
            f.seek(max(path.stat().st_size - 1024, 0))
            return b"%%EOF" in f.read()
    try:
        with zipfile.ZipFile(path) as z:
            return z.testzip() is None
    except Exception:  # a half-written zip fails in many ways
        return False


def _group(pgid: int) -> list[int]:
    """The processes in a process group, from /proc (Linux)."""
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[2]) == pgid:
            pids.append(int(stat.parent.name))
    return pids


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    """Kill soffice and everything it started; never leave one behind.

    The children (soffice.bin) go first, so that their parent (oosplash, our child) reaps
    them: killed the other way round they become zombies of init, which not every container
    reaps.
    """
    for pid in _group(proc.pid):
        if pid != proc.pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=5)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def _wait(proc: subprocess.Popen[bytes], done: Callable[[], bool], timeout: float,
          settle: float | None = None) -> bool:
    """Wait for soffice to exit; stop waiting `settle` seconds (default SETTLE_SECONDS) after
    `done()` first holds (its output is complete).

    Returns:
        False when the time ran out before `done()` held.
    """
    settle = SETTLE_SECONDS if settle is None else settle
    deadline = time.monotonic() + timeout
    done_at: float | None = None
    while proc.poll() is None:
        now = time.monotonic()
        if done_at is None and done():
            done_at = now
        if now > deadline or (done_at is not None and now - done_at > settle):
            break
        time.sleep(0.1)
    return proc.poll() is not None or done_at is not None


def _run_soffice(
    soffice: Path, args: list[str], work: Path, done: Callable[[], bool], timeout: float,
    shown: str, *, settle: float | None = None, env: dict[str, str] | None = None,
) -> int:
    """Run `soffice` with `args` in a new profile under `work`, bounded by `timeout`, and kill
    its whole process group afterwards, whatever happened.

    Returns:
        Its exit code (negative when it had to be killed).

    Raises:
        LibreOfficeError: on timeout (`done()` never held).
    """
    profile = tempfile.mkdtemp(prefix="profile-", dir=work)
    cmd = [str(soffice), f"-env:UserInstallation={_write_profile(Path(profile))}",
           "--headless", "--invisible", "--nologo", "--norestore", "--nolockcheck", *args]
    environ = {k: v for k, v in os.environ.items() if k not in ("PYTHONHOME", "PYTHONPATH")}
    environ[PATHS_ENV] = os.pathsep.join(_python_paths())
    environ[LOG_ENV] = str(work / "jx.log")
    environ["TMPDIR"] = str(work)  # a killed soffice leaves its lu*.tmp folders behind
    environ.update(env or {})
    (work / "jx.log").unlink(missing_ok=True)
    with (work / "soffice.log").open("wb") as log:
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=environ,
                                start_new_session=True)
        try:
            in_time = _wait(proc, done, timeout, settle)
        finally:
            _kill_group(proc)
    if not in_time:
        raise LibreOfficeError(f"LibreOffice 在 {timeout:g} 秒内没有完成：{shown}")
    return proc.returncode


def _soffice_once(
    soffice: Path, src: Path, fmt: str, work: Path, timeout: float, shown: str,
) -> Path:
    """One `soffice --convert-to` of `src` into `work/out`, in a new profile under `work`;
    `shown` names the workbook in messages.

    Returns:
        The output file (complete), whose name is `src`'s stem with the new suffix.

    Raises:
        LibreOfficeError: on timeout or when no complete output appeared.
    """
    out_dir = work / "out"
    shutil.rmtree(out_dir, ignore_errors=True)
    out = out_dir / f"{src.stem}.{fmt.split(':')[0]}"
    code = _run_soffice(soffice, ["--convert-to", fmt, "--outdir", str(out_dir), str(src)],
                        work, lambda: _complete(out), timeout, shown)
    if not _complete(out):
        said = (work / "soffice.log").read_text("utf-8", errors="replace").strip()[-500:]
        raise LibreOfficeError(
            f"LibreOffice 没有把 {shown} 转换成 {out.suffix}（退出码 {code}）：{said}")
    return out


def _require_soffice() -> Path:
    """The soffice to run, or a Chinese error saying what to install."""
    soffice = _soffice()
    if soffice is None or not available():
        raise LibreOfficeError(
            "没有找到 LibreOffice 或它的 Python 脚本支持；请安装 libreoffice-calc、"
            "python3-uno 和 libreoffice-script-provider-python")
    return soffice


def _convert(src: Path, fmt: str, work: Path, timeout: float) -> Path:
    """Convert a private copy of `src` (so `src` is never touched, not even by a lock file),
    retrying once; then make sure no JX_ call failed inside LibreOffice."""
    if not src.is_file():
        raise LibreOfficeError(f"找不到工作簿：{src}")
    soffice = _require_soffice()
    copy = work / f"book{src.suffix.lower()}"
    shutil.copyfile(src, copy)
    try:
        out = _soffice_once(soffice, copy, fmt, work, timeout, src.name)
    except LibreOfficeError:
        out = _soffice_once(soffice, copy, fmt, work, timeout, src.name)
    log = work / "jx.log"
    failures = log.read_text("utf-8", errors="replace").splitlines() if log.is_file() else []
    if failures:
        raise LibreOfficeError(
            f"JX 函数在 LibreOffice 中有 {len(failures)} 次调用失败，第一次：{failures[0]}")
    return out


def recalculate(src: Path, dst: Path, *, timeout: float = 180) -> Path:
    """Recalculate a workbook in LibreOffice with the JX_ functions live, and save it as .xlsx.

    Args:
        src: the .xlsx/.xlsm to recalculate; left untouched.
        dst: where to write the recalculated workbook (xlsx format, with cached values that
            openpyxl reads with `data_only=True`); parent folders are created.
        timeout: seconds one LibreOffice run may take before it is killed (and retried once).

    Returns:
        `dst`.

    Raises:
        LibreOfficeError: LibreOffice is missing, timed out twice, produced nothing, or a JX_
            function could not run inside it.
    """
    src, dst = Path(src), Path(dst)
    if dst.resolve() == src.resolve():
        raise LibreOfficeError(f"不能把重算结果写回原工作簿：{src}")
    with tempfile.TemporaryDirectory(prefix="jx-lo-") as tmp:
        out = _convert(src, "xlsx:Calc MS Excel 2007 XML", Path(tmp), timeout)
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(out, dst)
    return dst


def to_pdf(src: Path, out_dir: Path, *, timeout: float = 180) -> Path:
    """Recalculate a workbook (JX_ functions live) and export every sheet to PDF.

    Args:
        src: the workbook; left untouched.
        out_dir: folder for the PDF (created if needed).
        timeout: seconds one LibreOffice run may take before it is killed (and retried once).

    Returns:
        `out_dir / (src's stem + ".pdf")`.

    Raises:
        LibreOfficeError: as for :func:`recalculate`.
    """
    src, out_dir = Path(src), Path(out_dir)
    with tempfile.TemporaryDirectory(prefix="jx-lo-") as tmp:
        out = _convert(src, "pdf:calc_pdf_Export", Path(tmp), timeout)
        out_dir.mkdir(parents=True, exist_ok=True)
        return Path(shutil.move(out, out_dir / f"{src.stem}.pdf"))


def pdf_to_png(pdf: Path, out_dir: Path, dpi: int = 60) -> list[Path]:
    """Render each page of a PDF to PNG with pdftoppm (poppler-utils).

    Args:
        pdf: the PDF file.
        out_dir: folder for the images (created if needed); same-named files are replaced.
        dpi: resolution; 60 is enough to look at a page.

    Returns:
        The images in page order, named `<pdf stem>-<page>.png`.

    Raises:
        LibreOfficeError: pdftoppm is missing, failed or took over 120 seconds.
    """
    pdf, out_dir = Path(pdf), Path(out_dir)
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        raise LibreOfficeError("没有找到 pdftoppm；请安装 poppler-utils")
    with tempfile.TemporaryDirectory(prefix="jx-png-") as tmp:
        cmd = [pdftoppm, "-png", "-r", str(dpi), str(pdf), str(Path(tmp) / pdf.stem)]
        try:
            subprocess.run(cmd, check=True, capture_output=True, timeout=120)
        except subprocess.TimeoutExpired as exc:
            raise LibreOfficeError(f"pdftoppm 在 120 秒内没有完成：{pdf.name}") from exc
        except subprocess.CalledProcessError as exc:
            said = exc.stderr.decode(errors="replace").strip()
            raise LibreOfficeError(f"pdftoppm 无法转换 {pdf.name}：{said}") from exc
        pages = sorted(Path(tmp).glob("*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        out_dir.mkdir(parents=True, exist_ok=True)
        return [Path(shutil.move(p, out_dir / f"{pdf.stem}-{i}.png"))
                for i, p in enumerate(pages, 1)]


# --- editing in LibreOffice: what a clerk does by hand, then a recalculation ----------------------
# (NamedTuples, not dataclasses: LibreOffice runs this file without a sys.modules entry, where
# @dataclass fails)

class InsertRows(NamedTuple):
    """Insert `count` empty rows above row `row` (1-based), as 插入行 on a selected row does:
    references, sums, merged cells, conditional formats and validations spanning it grow."""

    sheet: str
    row: int
    count: int = 1


class CopyRow(NamedTuple):
    """Copy row `source` whole onto row `target` (1-based), as copying and pasting a whole row
    does: values, formulas (their relative references moved along) and formats."""

    sheet: str
    source: int
    target: int


class SetCells(NamedTuple):
    """Type into cells (address → value), as :func:`workbook.cells.set_value` does: a number
    stays a number and text stays text (even `=10 万元`); None or blank text empties the cell;
    a :class:`workbook.cells.Formula` is entered as a formula, written as in Excel."""

    sheet: str
    cells: Mapping[str, object]


class Protect(NamedTuple):
    """Protect (`on`) or unprotect a sheet, without a password (审阅 → 保护工作表)."""

    sheet: str
    on: bool = True


Edit = InsertRows | CopyRow | SetCells | Protect
SAVE_FILTERS = {".xlsx": "Calc MS Excel 2007 XML", ".ods": "calc8", ".pdf": "calc_pdf_Export"}


class Job(NamedTuple):
    """One workbook for :func:`run_jobs`: opened from `src`, edited in order, recalculated and
    saved to `dst`, whose suffix picks the format (.xlsx, .ods or .pdf)."""

    src: Path
    dst: Path
    edits: Sequence[Edit] = ()


def _typed(value: object) -> list[Any]:
    """A value of :class:`SetCells` as the bridge takes it: [kind, value]."""
    from .cells import Formula  # not at the top: inside LibreOffice this file stands alone

    if isinstance(value, Formula):
        return ["formula", str(value)]
    if value is None or (isinstance(value, str) and not value.strip()):
        return ["blank", None]
    if isinstance(value, str):
        return ["text", value]
    if isinstance(value, int | float) and not isinstance(value, bool):
        return ["number", float(value)]
    raise TypeError(f"不能在 LibreOffice 中输入这种值：{value!r}")


def _edit_spec(edit: Edit) -> dict[str, Any]:
    if isinstance(edit, SetCells):
        cells = {ref: _typed(v) for ref, v in edit.cells.items()}
        return {"op": "SetCells", "sheet": edit.sheet, "cells": cells}
    if isinstance(edit, InsertRows | CopyRow | Protect):
        return {"op": type(edit).__name__, **edit._asdict()}
    raise TypeError(f"不认识的编辑操作：{edit!r}")


def _session_once(soffice: Path, spec: dict[str, Any], work: Path, timeout: float,
                  shown: str) -> list[str]:
    """One LibreOffice run of :func:`run_session` over `spec`.

    Returns:
        Per job, "" or what went wrong.

    Raises:
        LibreOfficeError: on timeout, or when the run ended without reporting.
    """
    done = Path(spec["done"])
    done.unlink(missing_ok=True)
    shutil.rmtree(work / "out", ignore_errors=True)
    (work / "out").mkdir()
    jobs_file = work / "jobs.json"
    jobs_file.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    url = f"vnd.sun.star.script:{BRIDGE}$run_session?language=Python&location=user"
    # the bridge quits LibreOffice once it has reported: a short grace, then the group is killed
    code = _run_soffice(soffice, [url], work, done.is_file, timeout, shown,
                        settle=min(SETTLE_SECONDS, 2.0), env={JOBS_ENV: str(jobs_file)})
    if not done.is_file():
        said = (work / "soffice.log").read_text("utf-8", errors="replace").strip()[-500:]
        raise LibreOfficeError(f"LibreOffice 没有处理完 {shown}（退出码 {code}）：{said}")
    return json.loads(done.read_text("utf-8"))["errors"]


def run_jobs(jobs: Sequence[Job], *, timeout: float = 180) -> list[Path]:
    """Open, edit, recalculate (JX_ functions live) and save several workbooks in one
    LibreOffice session, one after another.

    Each workbook is opened from a private copy, so no `src` is touched. A session that times
    out or ends without reporting is tried once more; a job that fails fails the call.

    Args:
        jobs: what to open, do and save; every `dst`'s folder is created.
        timeout: seconds the whole session may take before it is killed (and retried once).

    Returns:
        The `dst` of each job, in order.

    Raises:
        LibreOfficeError: LibreOffice is missing, timed out twice, could not open, edit or
            save a workbook, or a JX_ function could not run inside it.
        TypeError: an edit or a typed value of an unknown kind.
    """
    jobs = [Job(Path(j.src), Path(j.dst), tuple(j.edits)) for j in jobs]
    for job in jobs:
        if not job.src.is_file():
            raise LibreOfficeError(f"找不到工作簿：{job.src}")
        if job.dst.suffix.lower() not in SAVE_FILTERS:
            raise LibreOfficeError(f"只能保存为 {'、'.join(SAVE_FILTERS)}：{job.dst}")
        if job.dst.resolve() == job.src.resolve():
            raise LibreOfficeError(f"不能把重算结果写回原工作簿：{job.src}")
    soffice = _require_soffice()
    if not jobs:
        return []
    shown = "、".join(dict.fromkeys(j.src.name for j in jobs))
    with tempfile.TemporaryDirectory(prefix="jx-lo-") as tmp:
        work = Path(tmp)
        (work / "in").mkdir()
        specs, outs = [], []
        for i, job in enumerate(jobs):
            copy = work / "in" / f"book{i}{job.src.suffix.lower()}"
            shutil.copyfile(job.src, copy)
            out = work / "out" / f"book{i}{job.dst.suffix.lower()}"
            outs.append(out)
            specs.append({"src": str(copy), "dst": str(out),
                          "filter": SAVE_FILTERS[job.dst.suffix.lower()],
                          "edits": [_edit_spec(e) for e in job.edits]})
        spec = {"jobs": specs, "done": str(work / "done.json")}
        try:
            errors = _session_once(soffice, spec, work, timeout, shown)
        except LibreOfficeError:
            errors = _session_once(soffice, spec, work, timeout, shown)
        for job, error in zip(jobs, errors, strict=True):
            if error:
                raise LibreOfficeError(f"LibreOffice 无法处理 {job.src.name}：{error}")
        log = work / "jx.log"
        failures = log.read_text("utf-8", errors="replace").splitlines() if log.is_file() else []
        if failures:
            raise LibreOfficeError(
                f"JX 函数在 LibreOffice 中有 {len(failures)} 次调用失败，第一次：{failures[0]}")
        for job, out in zip(jobs, outs, strict=True):
            job.dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(out, job.dst)
    return [job.dst for job in jobs]


def edit_and_recalculate(src: Path, dst: Path, edits: Sequence[Edit] = (), *,
                         timeout: float = 180) -> Path:
    """Open a workbook in LibreOffice, make `edits` there (insert rows, copy rows, type values,
    protect), recalculate with the JX_ functions live and save it to `dst`.

    Args:
        src: the workbook; left untouched.
        dst: where to save: .xlsx (formulas with cached values), .ods or .pdf.
        edits: done in order, inside LibreOffice.
        timeout: seconds LibreOffice may take before it is killed (and retried once).

    Returns:
        `dst`.

    Raises:
        LibreOfficeError: as for :func:`run_jobs`.
    """
    return run_jobs([Job(Path(src), Path(dst), tuple(edits))], timeout=timeout)[0]


# --- inside LibreOffice: the Python end of the Basic functions ---------------------------------

def _calc_error(code: int) -> float:
    """A NaN carrying Calc's error number in its low bits: Calc shows it as that error."""
    return struct.unpack("<d", struct.pack("<Q", 0x7FF8000000000000 | code))[0]


def _from_calc(value: Any) -> Any:
    """A Calc argument as our functions expect it: blanks arrive as None already; whole
    numbers arrive as int; a range arrives as a tuple of row tuples."""
    if isinstance(value, tuple | list):
        return [_from_calc(v) for v in value]
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


def _to_calc_cell(value: Any) -> Any:
    code = getattr(value, "code", None)
    if isinstance(value, str) and isinstance(code, int):  # an XlError
        return _calc_error(CALC_ERRORS.get(code, CALC_VALUE_ERROR))
    if value is None:
        return ""
    if isinstance(value, bool | int | float):
        return float(value)
    return str(value)


def _to_calc(value: Any) -> Any:
    """A result as Calc takes it; a list becomes a rectangular tuple of rows (a matrix)."""
    if not isinstance(value, list | tuple):
        return _to_calc_cell(value)
    rows = [list(r) if isinstance(r, list | tuple) else [r] for r in value]
    width = max((len(r) for r in rows), default=0)
    if not width:
        return ""
    return tuple(tuple(_to_calc_cell(c) for c in r + [None] * (width - len(r))) for r in rows)


def _log(text: str) -> None:
    log = os.environ.get(LOG_ENV)
    if log:
        with open(log, "a", encoding="utf-8") as f:
            f.write(text + "\n")


@functools.cache
def _function(name: str) -> tuple[Any, list[inspect.Parameter]]:
    """A JX_ function and its parameters; the first call puts our paths on sys.path."""
    for path in reversed(os.environ.get(PATHS_ENV, "").split(os.pathsep)):
        if path and path not in sys.path:
            sys.path.insert(0, path)
    fn = worksheet_functions()[name]
    return fn, list(inspect.signature(fn).parameters.values())


def call(name: str, args: Any, given: str) -> Any:
    """Run one JX_ function for a Calc cell (the Basic function of the same name calls this).

    Args:
        name: the function, e.g. "JX_SCORE".
        args: the Basic arguments, one per parameter; omitted ones are empty.
        given: "1"/"0" per parameter: whether the formula passed it (else its default is used).

    Returns:
        A float, a str, a Calc error (NaN), or a tuple of row tuples for a range result.
    """
    try:
        fn, params = _function(name)
        values = [_from_calc(a) if g == "1" else p.default
                  for a, g, p in zip(args, given, params, strict=True)]
        while values and given[len(values) - 1] == "0":
            values.pop()
        return _to_calc(fn(*values))
    except Exception as exc:  # raised, it would only open a dialog nobody can close
        _log(f"{name}: {type(exc).__name__}: {exc}")
        return _calc_error(CALC_VALUE_ERROR)


# --- inside LibreOffice: the sessions of run_jobs -----------------------------------------------

def _properties(uno: Any, **values: Any) -> tuple[Any, ...]:
    props = []
    for name, value in values.items():
        prop = uno.createUnoStruct("com.sun.star.beans.PropertyValue")
        prop.Name, prop.Value = name, value
        props.append(prop)
    return tuple(props)


def _set_formula(doc: Any, cell: Any, formula: str) -> None:
    """Enter a formula written as in Excel (`,` between arguments, `'Sheet'!A1`): Calc's own
    setFormula reads its API syntax (`;`, `$Sheet.A1`) and would misread it."""
    parser = doc.createInstance("com.sun.star.sheet.FormulaParser")
    parser.FormulaConvention = 3  # AddressConvention.XL_OOX
    parser.CompileEnglish = True
    mapper = doc.createInstance("com.sun.star.sheet.FormulaOpCodeMapper")
    # FormulaLanguage.XL_ENGLISH; separators, array separators, operators and functions
    parser.OpCodeMap = mapper.getAvailableMappings(4, 1 | 2 | 4 | 8 | 16)
    cell.setTokens(parser.parseFormula(formula, cell.getCellAddress()))


def _apply(doc: Any, edit: dict[str, Any]) -> None:
    """One edit of :func:`_edit_spec` on an open Calc document."""
    sheet = doc.getSheets().getByName(edit["sheet"])
    op = edit["op"]
    if op == "InsertRows":
        sheet.getRows().insertByIndex(edit["row"] - 1, edit["count"])
    elif op == "CopyRow":
        if sheet.isProtected():  # Calc would refuse the locked cells without a word
            raise ValueError(f"工作表“{edit['sheet']}”受保护，不能粘贴整行：请先取消保护")
        source = sheet.getRows().getByIndex(edit["source"] - 1).getRangeAddress()
        target = sheet.getCellByPosition(0, edit["target"] - 1).getCellAddress()
        sheet.copyRange(target, source)
    elif op == "SetCells":
        for ref, (kind, value) in edit["cells"].items():
            cell = sheet.getCellRangeByName(ref).getCellByPosition(0, 0)
            if kind == "number":
                cell.setValue(value)
            elif kind == "text":
                cell.setString(value)
            elif kind == "formula":
                _set_formula(doc, cell, value)
            else:  # values, dates, text and formulas; formats stay
                cell.clearContents(1 | 2 | 4 | 16)
    elif op == "Protect":
        if edit["on"]:
            sheet.protect("")
        else:
            sheet.unprotect("")
    else:
        raise ValueError(f"unknown edit {op}")


def _run_job(uno: Any, desktop: Any, job: dict[str, Any]) -> str:
    """Open, edit, recalculate and save one workbook; returns "" or what went wrong."""
    doc = None
    try:
        doc = desktop.loadComponentFromURL(
            uno.systemPathToFileUrl(job["src"]), "_blank", 0, _properties(uno, Hidden=True))
        if doc is None:
            return "LibreOffice 打不开这个文件"
        for edit in job["edits"]:
            _apply(doc, edit)
        if job["edits"]:
            doc.calculateAll()
        doc.storeToURL(uno.systemPathToFileUrl(job["dst"]),
                       _properties(uno, FilterName=job["filter"]))
        return ""
    except Exception as exc:  # raised, it would only open a dialog nobody can close
        return f"{type(exc).__name__}: {exc}"
    finally:
        if doc is not None:
            with contextlib.suppress(Exception):
                doc.close(True)


def run_session(*_args: Any) -> None:
    """Inside LibreOffice (started with this script's URL): do the jobs of the JSON file named
    by JX_LO_JOBS, write each one's outcome to its `done` file, and quit LibreOffice."""
    spec = json.loads(Path(os.environ[JOBS_ENV]).read_text("utf-8"))
    errors: list[str] = []
    desktop = None
    try:
        import uno  # LibreOffice's own module, only there

        ctx = uno.getComponentContext()
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        errors = [_run_job(uno, desktop, job) for job in spec["jobs"]]
    except Exception as exc:
        errors = [f"{type(exc).__name__}: {exc}"] * len(spec["jobs"])
    finally:
        part = spec["done"] + ".part"
        with open(part, "w", encoding="utf-8") as f:
            json.dump({"errors": errors}, f, ensure_ascii=False)
        os.replace(part, spec["done"])
        if desktop is not None:
            with contextlib.suppress(Exception):
                desktop.terminate()


g_exportedScripts = (call, run_session)  # what the script provider may run from this file
