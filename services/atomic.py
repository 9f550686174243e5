"""Writing outputs so that a reader never sees half a file and nothing already there is lost."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from pyfuncs.engine.errors import JixiaoError


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
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=target.suffix, dir=folder)
    except OSError as exc:
        raise OutputError(f"无法写入 {target}：{exc.strerror or exc}。") from None
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        try:
            os.replace(tmp_path, target)
        except OSError as exc:
            raise OutputError(f"无法写入 {target}：{exc.strerror or exc}。") from None
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


def write_atomically(target: Path, write: Callable[[Path], object]) -> Path:
    """Call `write(temporary path)`, then move the result onto `target`."""
    with atomic_path(target) as tmp:
        try:
            write(tmp)
        except PermissionError as exc:
            raise OutputError(f"无法写入 {target}：没有权限（{exc.strerror}）。") from None
    return Path(target)


def refuse_overwriting_inputs(output: Path, inputs: list[Path]) -> None:
    """An output that is one of the inputs is refused: inputs are never written."""
    out = Path(output).resolve()
    for p in inputs:
        if Path(p).resolve() == out:
            raise OutputError(f"输出文件 {output} 就是输入文件：请换一个文件名，输入文件不会被改写。")
