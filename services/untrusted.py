"""Opening files that come from other people's machines.

An .xlsx is a zip of XML. Before openpyxl or calamine unpacks one we look at its directory:
not a zip, too many parts, too large once unpacked or packed suspiciously tightly (a zip bomb)
are refused with a Chinese message. No macro in an input is ever run: nothing here executes
content, and openpyxl parses XML through defusedxml when it is installed (a dependency).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from pyfuncs.engine.errors import JixiaoError

MAX_FILE_BYTES = 100 * 2**20          # the file itself
MAX_UNPACKED_BYTES = 400 * 2**20      # all its parts unpacked
MAX_PARTS = 5000
MAX_RATIO = 200                       # unpacked ÷ packed, for any part larger than 1 MiB


class UntrustedFileError(JixiaoError, ValueError):
    """A file refused before it was unpacked; the message is Chinese and names the file."""


def check_workbook(path: Path) -> None:
    """Refuse `path` unless it looks like an ordinary Excel workbook.

    Raises:
        UntrustedFileError: missing, empty, not a zip, or too large unpacked.
    """
    name = path.name
    try:
        size = path.stat().st_size
    except OSError:
        raise UntrustedFileError(f"找不到文件 {path}。") from None
    if size == 0:
        raise UntrustedFileError(f"{name} 是空文件。")
    if size > MAX_FILE_BYTES:
        raise UntrustedFileError(f"{name} 有 {size / 2**20:.0f} MB，超过 {MAX_FILE_BYTES // 2**20} MB 上限。")
    if not zipfile.is_zipfile(path):
        raise UntrustedFileError(f"{name} 不是 Excel 工作簿（.xlsx/.xlsm）：文件内容不对，可能是改了扩展名的其他文件。")
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise UntrustedFileError(f"{name} 已损坏，无法打开：{exc}") from None
    if len(infos) > MAX_PARTS:
        raise UntrustedFileError(f"{name} 含 {len(infos)} 个部件，不像正常的工作簿。")
    total = sum(i.file_size for i in infos)
    if total > MAX_UNPACKED_BYTES:
        raise UntrustedFileError(f"{name} 解压后有 {total / 2**20:.0f} MB，超过上限，拒绝打开。")
    for i in infos:
        if i.file_size > 2**20 and i.file_size > MAX_RATIO * max(i.compress_size, 1):
            raise UntrustedFileError(f"{name} 的部件 {i.filename} 压缩比异常（疑似压缩炸弹），拒绝打开。")
    if "xl/workbook.xml" not in {i.filename for i in infos}:
        raise UntrustedFileError(f"{name} 不是 Excel 工作簿：缺少 xl/workbook.xml。")
