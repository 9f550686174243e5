"""Running `soffice` so that it always ends: a fresh profile per run, a timeout, and its whole
process group killed afterwards, whatever happened.

Headless LibreOffice sometimes hangs after writing its output, and it never exits once it shows
a dialog; a run that outlives its timeout is killed, and one whose output is complete gets a
short grace to exit first.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

from .bridge import LOG_ENV, PATHS_ENV
from .profile import python_paths, write_profile

SETTLE_SECONDS = 10.0  # how long soffice may linger after writing a complete output


class LibreOfficeError(RuntimeError):
    """LibreOffice is missing, failed, hung, or a JX_ function could not run inside it."""


# --- finding LibreOffice -----------------------------------------------------------------------

def soffice_path() -> Path | None:
    """The `soffice` on PATH, if any."""
    found = shutil.which("soffice")
    return Path(found) if found else None


def available() -> bool:
    """Whether headless recalculation can work here.

    Returns:
        True when `soffice`, LibreOffice's Python bridge (python3-uno) and its Python script
        provider are installed.
    """
    soffice = soffice_path()
    if soffice is None:
        return False
    program = soffice.resolve().parent
    return all((program / f).is_file() for f in ("pythonscript.py", "pythonloader.py"))


def require_soffice() -> Path:
    """The soffice to run, or a Chinese error saying what to install."""
    soffice = soffice_path()
    if soffice is None or not available():
        raise LibreOfficeError(
            "没有找到 LibreOffice 或它的 Python 脚本支持；请安装 libreoffice-calc、"
            "python3-uno 和 libreoffice-script-provider-python")
    return soffice


# --- supervising a run -------------------------------------------------------------------------

def complete(path: Path) -> bool:
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


def run_soffice(
    soffice: Path, args: list[str], work: Path, done: Callable[[], bool], timeout: float,
    shown: str, *, settle: float | None = None, env: dict[str, str] | None = None,
    profile: Path | None = None,
) -> int:
    """Run `soffice` with `args` in a new profile under `work` (or in `profile`), bounded by
    `timeout`, and kill its whole process group afterwards, whatever happened.

    Its output goes to `work/soffice.log`; what failed inside LibreOffice (a JX_ call, a Basic
    error) to `work/jx.log`. Its temporary files stay under `work`.

    Args:
        soffice: the program (:func:`require_soffice`).
        args: its arguments after the profile and the headless switches.
        work: a private folder for the run.
        done: whether the run's output is complete: from then on it has `settle` seconds to exit.
        timeout: seconds the run may take.
        shown: what the run works on, for messages.
        settle: seconds of grace after `done()` holds; default SETTLE_SECONDS.
        env: more environment variables.
        profile: a user profile folder to run in as it is (one the functions were installed
            into by :mod:`localc.install`, or a plain one); then soffice gets none of our
            variables but those in `env`.

    Returns:
        Its exit code (negative when it had to be killed).

    Raises:
        LibreOfficeError: on timeout (`done()` never held).
    """
    if profile is None:
        url = write_profile(Path(tempfile.mkdtemp(prefix="profile-", dir=work)))
    else:
        url = Path(profile).resolve().as_uri()
    cmd = [str(soffice), f"-env:UserInstallation={url}",
           "--headless", "--invisible", "--nologo", "--norestore", "--nolockcheck", *args]
    environ = {k: v for k, v in os.environ.items()
               if k not in ("PYTHONHOME", "PYTHONPATH") and not k.startswith("JX_LO_")}
    if profile is None:
        environ[PATHS_ENV] = os.pathsep.join(python_paths())
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


def said(work: Path) -> str:
    """The end of what soffice printed in a run under `work`, for an error message."""
    return (work / "soffice.log").read_text("utf-8", errors="replace").strip()[-500:]


def raise_failed_calls(work: Path) -> None:
    """Raise when a JX_ function failed inside LibreOffice in the last run under `work`.

    Raises:
        LibreOfficeError: naming how many calls failed, and the first.
    """
    log = work / "jx.log"
    failures = log.read_text("utf-8", errors="replace").splitlines() if log.is_file() else []
    if failures:
        raise LibreOfficeError(
            f"JX 函数在 LibreOffice 中有 {len(failures)} 次调用失败，第一次：{failures[0]}")
