"""Opening files that come from other people's machines.

An .xlsx is a zip of XML. Before openpyxl or calamine unpacks one we look at its directory:
not a zip, too many parts, too large once unpacked or packed suspiciously tightly (a zip bomb)
are refused with a Chinese message. Then each sheet's real extent — the last row and column
holding a value — is measured (:mod:`services.extent`), because a reader allocates a grid that
large: a 5 KB file with values in A1 and XFD1048576 would ask for 17 billion cells. The bounds
are in :mod:`services.limits`. The file is read once: the check works on its bytes (an
ordinary small zip straight from them, :mod:`services.zipdir`; any other through
:mod:`zipfile`) and hands the same bytes to the reader (:class:`Checked`), so a file changed
on disk between the check and the read is never read unchecked. An encrypted workbook, a legacy
.xls, an .ods and a text file each get their own message saying how to convert them. No macro in an input is ever run:
nothing here executes content. Which part holds each sheet is found the way the reader finds
it (:mod:`workbook.book_parts`), so the part measured is the part read; sheet XML that is not
written the common way is streamed through expat with entity declarations refused; openpyxl
parses XML through defusedxml (a dependency).
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Collection
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from pyfuncs.engine.errors import JixiaoError
from pyfuncs.engine.record import record
from workbook.book_parts import BookParts, Declared

from .extent import Damaged, Extent, Refused, measure
from .limits import (
    MAX_FILE_BYTES,
    MAX_PARTS,
    MAX_RATIO,
    MAX_UNPACKED_BYTES,
)
from .zipdir import Part, Unusual, ZipDir

if TYPE_CHECKING:
    import zipfile

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"     # the compound file of .xls and encrypted .xlsx
ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
Result = TypeVar("Result")
_SAVE_AS = "请在 Excel 或 WPS 中打开，另存为“Excel 工作簿（*.xlsx）”后再试。"


class UntrustedFileError(JixiaoError, ValueError):
    """A file refused before it was unpacked; the message is Chinese and names the file."""


@record
class Checked:
    """A workbook as the check read it: its bytes, and each measured sheet's extent.

    Readers are handed these very bytes (:meth:`stream`), never the path again: a file
    replaced on disk after the check (a clerk saving over it on a shared folder) is not read
    unchecked.
    """

    name: str
    data: bytes
    extents: dict[str, Extent]

    def stream(self) -> io.BytesIO:
        """The checked bytes as a file, for a reader (python-calamine, openpyxl, zipfile)."""
        return io.BytesIO(self.data)

    def sheet(self, sheet: str, *, exact: bool = True) -> Extent:
        """Measure one more sheet, one the check was told to skip, before it is read.

        Raises:
            UntrustedFileError: the sheet is too large, or cannot be found.
        """
        if sheet not in self.extents:
            self.extents[sheet] = _opened(self.name, self.data,
                                          lambda z: _measure_one(z, self.name, sheet, exact))
        return self.extents[sheet]


def check_workbook(path: Path, skip: Collection[str] = (), *,
                   exact: bool = True) -> dict[str, Extent]:
    """Refuse `path` unless it looks like an ordinary Excel workbook of a readable size.

    Args:
        skip: sheets the caller may not read, left unmeasured: one it does read after all
            must pass :func:`check_sheet` first.
        exact: measure each sheet's extent exactly. A caller that only needs the refusal
            (the audit) passes False: a sheet seen in one pass to lie within
            :data:`SMALL` then gets that bound as its extent, not its exact measure.
    Returns:
        each measured sheet's name → its :class:`Extent` (a reader may bound itself by it).
    Raises:
        UntrustedFileError: missing, unreadable, empty, not a workbook (an .xls, an encrypted
            or .ods file, text…), too large unpacked, or a sheet too large to read.
    """
    return read_checked(path, skip, exact=exact).extents


def read_checked(path: Path, skip: Collection[str] = (), *, exact: bool = True) -> Checked:
    """:func:`check_workbook`, keeping the bytes it checked for the reader (:class:`Checked`)."""
    path = Path(path)
    data = _read(path)
    return Checked(path.name, data,
                   _opened(path.name, data, lambda z: _measure(z, path.name, skip, exact)))


def _read(path: Path) -> bytes:
    """The whole file, refused when missing, empty, too large or an OLE compound file."""
    name = path.name
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise UntrustedFileError(
                f"{name} 有 {size / 2**20:.0f} MB，超过 {MAX_FILE_BYTES // 2**20} MB 上限。")
        with path.open("rb") as f:
            data = f.read(MAX_FILE_BYTES + 1)       # (it may have grown since)
    except FileNotFoundError:
        raise UntrustedFileError(f"找不到文件 {path}。") from None
    except IsADirectoryError:
        raise UntrustedFileError(f"{name} 是文件夹，不是工作簿。") from None
    except OSError as exc:
        raise UntrustedFileError(f"{name} 无法读取：{os_reason(exc)}。") from None
    if not data:
        raise UntrustedFileError(f"{name} 是空文件。")
    if len(data) > MAX_FILE_BYTES:
        raise UntrustedFileError(f"{name} 超过 {MAX_FILE_BYTES // 2**20} MB 上限。")
    if data[:8] == OLE_MAGIC:
        raise UntrustedFileError(_ole_message(name, data))
    return data


def _opened(name: str, data: bytes, work: Callable[[ZipDir | zipfile.ZipFile], Result]) -> Result:
    """`work` done on the zip held in `data`: read straight from the bytes when it is an
    ordinary small zip (:mod:`services.zipdir`), else through :mod:`zipfile`, whose errors
    become refusals."""
    try:
        with ZipDir(data) as z:
            return work(z)
    except Unusual:
        pass
    # zipfile (with shutil and the compression modules: ~15 M instructions) only for the
    # unusual zip: an ordinary workbook never needs it
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return work(z)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError) as exc:
        if not zipfile.is_zipfile(io.BytesIO(data)):   # not a zip at all: say what it looks like
            raise UntrustedFileError(_not_zip_message(name, data)) from None
        raise UntrustedFileError(f"{name} 已损坏，无法打开（{type(exc).__name__}）。") from None
    except RuntimeError:                # zipfile: a part encrypted the zip way (not Excel's)
        raise UntrustedFileError(f"{name} 内的部件设有密码，无法读取：{_SAVE_AS}") from None


def _measure(z: ZipDir | zipfile.ZipFile, name: str, skip: Collection[str],
             exact: bool) -> dict[str, Extent]:
    """Check the parts of an open zip, then measure the sheets not in `skip`."""
    _check_parts(name, z.infolist())
    parts = set(z.namelist())
    return {sheet: _extent(z, name, sheet, part, exact)
            for sheet, part in _sheet_parts(z, name) if sheet not in skip and part in parts}


def check_sheet(path: Path, sheet: str, *, exact: bool = True) -> Extent:
    """Refuse one sheet of a workbook :func:`check_workbook` passed, if it is too large to read.

    Raises:
        UntrustedFileError: the sheet is too large, or the file cannot be read.
    """
    path = Path(path)
    return Checked(path.name, _read(path), {}).sheet(sheet, exact=exact)


def _measure_one(z: ZipDir | zipfile.ZipFile, file: str, sheet: str, exact: bool) -> Extent:
    parts = set(z.namelist())
    for name, part in _sheet_parts(z, file):
        if name == sheet:
            return _extent(z, file, name, part, exact) if part in parts else Extent()
    # the reader lists a sheet we did not find: it is not read unmeasured
    raise UntrustedFileError(
        f"{file} 的工作表“{sheet}”找不到对应的内容，文件可能已损坏，拒绝打开。")


def _check_parts(name: str, infos: list[zipfile.ZipInfo] | list[Part]) -> None:
    if len(infos) > MAX_PARTS:
        raise UntrustedFileError(f"{name} 含 {len(infos)} 个部件，不像正常的工作簿。")
    total = sum(i.file_size for i in infos)
    if total > MAX_UNPACKED_BYTES:
        raise UntrustedFileError(f"{name} 解压后有 {total / 2**20:.0f} MB，超过上限，拒绝打开。")
    for i in infos:
        if i.file_size > 2**20 and i.file_size > MAX_RATIO * max(i.compress_size, 1):
            raise UntrustedFileError(f"{name} 的部件 {i.filename} 压缩比异常（疑似压缩炸弹），拒绝打开。")
    parts = {i.filename for i in infos}
    if len({p.replace("\\", "/").lower() for p in parts}) != len(infos):
        # readers differ on which copy of a name they take (the reader's lookup ignores case)
        raise UntrustedFileError(f"{name} 内有同名的部件，不像正常的工作簿，拒绝打开。")
    if "xl/workbook.xml" not in parts:
        if "mimetype" in parts or "content.xml" in parts:
            raise UntrustedFileError(f"{name} 是 OpenDocument 表格（.ods），不是 Excel 工作簿：{_SAVE_AS}")
        raise UntrustedFileError(f"{name} 不是 Excel 工作簿：缺少 xl/workbook.xml。")


def _ole_message(name: str, data: bytes) -> str:
    """An OLE compound file is either an encrypted .xlsx/.xlsm or a legacy .xls."""
    if "EncryptedPackage".encode("utf-16-le") in data:
        return (f"{name} 设有打开密码（已加密），无法读取：请在 Excel 中打开，点“文件 → 信息 → "
                "保护工作簿 → 用密码进行加密”，删除密码并保存后再试。")
    return f"{name} 是旧版 Excel 97-2003 工作簿（.xls），本工具只读 .xlsx/.xlsm：{_SAVE_AS}"


def _not_zip_message(name: str, data: bytes) -> str:
    head = data[:4096]
    if head.startswith(b"%PDF"):
        return f"{name} 是 PDF 文件（可能是改了扩展名的其他文件），不是工作簿：请使用原来的 Excel 文件。"
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = head[:-3].decode("gb18030")
        except UnicodeDecodeError:
            text = ""
    if text and "\x00" not in text:
        kind = "CSV 或文本文件" if ("," in text or "\t" in text) else "文本文件"
        return f"{name} 是{kind}，不是 Excel 工作簿：{_SAVE_AS}"
    return f"{name} 不是 Excel 工作簿（.xlsx/.xlsm）：文件内容不对，可能是改了扩展名的其他文件。"


def _sheet_parts(z: ZipDir | zipfile.ZipFile, name: str) -> list[tuple[str, str]]:
    """(sheet name, part path) for every sheet, found as the reader finds them
    (:mod:`workbook.book_parts`); two sheets of one name are refused."""
    try:
        found = BookParts(z).sheets
    except (Declared, ValueError, OverflowError):
        raise UntrustedFileError(f"{name} 已损坏：xl/workbook.xml 无法解析。") from None
    if len({sheet for sheet, _ in found}) != len(found):
        raise UntrustedFileError(f"{name} 内有同名的工作表，不像正常的工作簿，拒绝打开。")
    return found


def _extent(z: ZipDir | zipfile.ZipFile, file: str, sheet: str, part: str,
            exact: bool = True) -> Extent:
    """:func:`services.extent.measure`, its refusals in full sentences naming file and sheet."""
    try:
        return measure(z, part, exact)
    except Refused as exc:
        raise UntrustedFileError(f"{file} 的工作表“{sheet}”{exc}") from None
    except Damaged:
        raise UntrustedFileError(f"{file} 的工作表“{sheet}”已损坏，无法读取。") from None


def unreadable(exc: Exception) -> str:
    """The message for a workbook a reader failed on after our checks passed it (a damaged
    part): Chinese, with the reader's error kind for the developers, never its English text."""
    if isinstance(exc, OSError) and exc.errno:
        return f"无法读取：{os_reason(exc)}。"
    return f"无法读取：文件已损坏或不是 Excel 能打开的工作簿（{type(exc).__name__}）。"


OS_REASONS = {
    "ENOENT": "文件或文件夹不存在", "EACCES": "没有权限", "EPERM": "没有权限",
    "ENOSPC": "磁盘已满", "EDQUOT": "超出磁盘配额", "EFBIG": "文件太大，超出系统允许的大小",
    "EROFS": "磁盘是只读的", "ENAMETOOLONG": "路径或文件名太长", "EISDIR": "这是一个文件夹",
    "ENOTDIR": "路径中有一段不是文件夹", "EIO": "读写出错（磁盘或网络故障）", "EBUSY": "文件正被占用",
    "EEXIST": "文件已存在", "EMFILE": "打开的文件太多", "ENOMEM": "内存不足", "EINVAL": "文件名无效",
    "ELOOP": "路径中的符号链接循环", "EXDEV": "不能跨磁盘改名", "ETXTBSY": "文件正被占用",
}


def os_reason(exc: OSError) -> str:
    """An operating-system error in Chinese (`磁盘已满`), for any message naming a file."""
    import errno

    code = errno.errorcode.get(exc.errno or -1, "")
    if isinstance(exc, PermissionError) and not code:
        code = "EACCES"
    if not code and re.search(r"[\u4e00-\u9fff]", str(exc)):    # already said in Chinese
        return str(exc).rstrip("。")
    return OS_REASONS.get(code, f"系统错误 {code or exc.errno or type(exc).__name__}")
