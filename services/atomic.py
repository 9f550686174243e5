"""Writing outputs so that a reader never sees half a file and nothing already there is lost.

An output is written to a hidden temporary file beside it (`.~jixiao.<pid>.<random>.xlsx`)
and moved onto its name in one step. If the writer is interrupted the temporary file is
removed; if it is killed outright, the next write into that folder removes the temporary files
of processes that are no longer running. Outputs get the permissions the user's umask gives any
new file.
"""

from __future__ import annotations

import contextlib
import os
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from pyfuncs.engine.errors import JixiaoError

from .untrusted import os_reason

TEMP_PREFIX = ".~jixiao."
_TEMP = re.compile(re.escape(TEMP_PREFIX) + r"(\d+)\.[0-9a-f]{8}(\.\w+)?$")
STALE_AFTER = 24 * 3600      # seconds: a temporary file this old is stale whoever made it


class OutputError(JixiaoError, OSError):
    """An output that cannot or must not be written; the message is Chinese."""


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """A temporary path beside `target`; on success it replaces `target` in one step.

    On any failure the temporary file is removed and `target` is left as it was.
    """
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"无法写入 {target}：文件夹 {folder} 不存在。")
    if target.is_dir():
        raise OutputError(f"无法写入 {target}：这是一个文件夹。")
    remove_stale_temporaries(folder)
    tmp_path = folder / f"{TEMP_PREFIX}{os.getpid()}.{os.urandom(4).hex()}{target.suffix}"
    try:
        fd = os.open(tmp_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)   # the umask applies
    except OSError as exc:
        raise OutputError(f"无法写入 {target}：{os_reason(exc)}。") from None
    os.close(fd)
    try:
        yield tmp_path
        try:
            os.replace(tmp_path, target)
        except OSError as exc:
            raise OutputError(f"无法写入 {target}：{os_reason(exc)}。") from None
    finally:
        with contextlib.suppress(OSError):
            tmp_path.unlink()


def write_atomically(target: Path, write: Callable[[Path], object]) -> Path:
    """Call `write(temporary path)`, then move the result onto `target`.

    Raises:
        OutputError: the folder is missing or read-only, the disk is full, … — in Chinese,
            naming `target` (never the temporary file).
    """
    with atomic_path(target) as tmp:
        try:
            write(tmp)
        except OutputError:
            raise
        except OSError as exc:
            raise OutputError(f"无法写入 {target}：{os_reason(exc)}。") from None
    return Path(target)


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Remove the temporary files in `folder` left by writers that were killed: their process
    is gone, or the file is older than :data:`STALE_AFTER`. Returns what was removed."""
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        m = _TEMP.match(entry.name)
        if not m:
            continue
        pid = int(m.group(1))
        try:
            stale = not _running(pid) or now - entry.stat().st_mtime > STALE_AFTER
            if stale and entry.is_file():
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue
    return removed


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:        # another user's process: running
        return True
    return not _zombie(pid)


def _zombie(pid: int) -> bool:
    """A process that has ended but not been reaped yet (its parent killed too): it writes
    nothing more. Only where /proc tells; elsewhere a process that answers is running."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state in ("Z", "X")


def refuse_overwriting_inputs(output: Path, inputs: list[Path]) -> None:
    """An output that is one of the inputs is refused: inputs are never written."""
    out = Path(output).resolve()
    for p in inputs:
        if Path(p).resolve() == out:
            raise OutputError(f"输出文件 {output} 就是输入文件：请换一个文件名，输入文件不会被改写。")


def refuse_overwriting(outputs: list[Path], force: bool) -> None:
    """Outputs that already exist are refused unless `force`: a filled workbook or data file
    is never replaced by accident."""
    if force:
        return
    there = [p for p in map(Path, outputs) if p.exists()]
    if there:
        more = f"等 {len(there)} 个文件" if len(there) > 1 else ""
        raise OutputError(f"{there[0]} {more}已经存在：要覆盖请加 --force，或换一个文件名。")


def refuse_suffix(output: Path, allowed: tuple[str, ...], what: str) -> None:
    """An output whose extension the command cannot write is refused before any work."""
    if Path(output).suffix.lower() not in allowed:
        kinds = "、".join(allowed)
        raise OutputError(f"{what}只能保存为 {kinds}，不能保存为 {Path(output).name}：请改用其中一种扩展名。")
