"""Opening files that come from other people's machines.

An .xlsx is a zip of XML. Before openpyxl or calamine unpacks one we look at its directory:
not a zip, too many parts, too large once unpacked or packed suspiciously tightly (a zip bomb)
are refused with a Chinese message. Then each sheet's real extent — the last row and column
holding a value — is measured by streaming its XML, because a reader allocates a grid that
large: a 5 KB file with values in A1 and XFD1048576 would ask for 17 billion cells. The bounds
are in :mod:`services.limits`. An encrypted workbook, a legacy .xls, an .ods and a text file
each get their own message saying how to convert them. No macro in an input is ever run:
nothing here executes content; the XML read here goes through expat with entity declarations
refused, and openpyxl parses XML through defusedxml (a dependency).
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Collection
from pathlib import Path
from xml.parsers import expat

from pyfuncs.engine.errors import JixiaoError
from pyfuncs.engine.record import record

from .limits import (
    MAX_AREA,
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_FILE_BYTES,
    MAX_PARTS,
    MAX_RATIO,
    MAX_ROWS,
    MAX_UNPACKED_BYTES,
)

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"     # the compound file of .xls and encrypted .xlsx
ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
_REF = re.compile(r"([A-Za-z]{1,3})(\d{1,7})$")
_SAVE_AS = "请在 Excel 或 WPS 中打开，另存为“Excel 工作簿（*.xlsx）”后再试。"


class UntrustedFileError(JixiaoError, ValueError):
    """A file refused before it was unpacked; the message is Chinese and names the file."""


@record(frozen=True)
class Extent:
    """A sheet's used block, from A1 to the last row and column that hold a value."""

    rows: int = 0
    columns: int = 0
    cells: int = 0          # cell records, with a value or not


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
    path = Path(path)
    name = path.name
    try:
        size = path.stat().st_size
        with path.open("rb") as f:
            head = f.read(8)
    except FileNotFoundError:
        raise UntrustedFileError(f"找不到文件 {path}。") from None
    except IsADirectoryError:
        raise UntrustedFileError(f"{name} 是文件夹，不是工作簿。") from None
    except OSError as exc:
        raise UntrustedFileError(f"{name} 无法读取：{os_reason(exc)}。") from None
    if size == 0:
        raise UntrustedFileError(f"{name} 是空文件。")
    if size > MAX_FILE_BYTES:
        raise UntrustedFileError(f"{name} 有 {size / 2**20:.0f} MB，超过 {MAX_FILE_BYTES // 2**20} MB 上限。")
    if head == OLE_MAGIC:
        raise UntrustedFileError(_ole_message(path))
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            _check_parts(name, infos)
            return {sheet: _extent(z, name, sheet, part, exact)
                    for sheet, part in _sheet_parts(z, name) if sheet not in skip}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError) as exc:
        if not zipfile.is_zipfile(path):      # not a zip at all: say what it looks like
            raise UntrustedFileError(_not_zip_message(path)) from None
        raise UntrustedFileError(f"{name} 已损坏，无法打开（{type(exc).__name__}）。") from None
    except OSError as exc:
        raise UntrustedFileError(f"{name} 无法读取：{os_reason(exc)}。") from None


def check_sheet(path: Path, sheet: str, *, exact: bool = True) -> Extent:
    """Refuse one sheet of a workbook :func:`check_workbook` passed, if it is too large to read.

    Raises:
        UntrustedFileError: the sheet is too large, or the file cannot be read.
    """
    path = Path(path)
    try:
        with zipfile.ZipFile(path) as z:
            for name, part in _sheet_parts(z, path.name):
                if name == sheet:
                    return _extent(z, path.name, name, part, exact)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError,
            OSError) as exc:
        raise UntrustedFileError(f"{path.name} 无法读取（{type(exc).__name__}）。") from None
    return Extent()


def _check_parts(name: str, infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_PARTS:
        raise UntrustedFileError(f"{name} 含 {len(infos)} 个部件，不像正常的工作簿。")
    total = sum(i.file_size for i in infos)
    if total > MAX_UNPACKED_BYTES:
        raise UntrustedFileError(f"{name} 解压后有 {total / 2**20:.0f} MB，超过上限，拒绝打开。")
    for i in infos:
        if i.file_size > 2**20 and i.file_size > MAX_RATIO * max(i.compress_size, 1):
            raise UntrustedFileError(f"{name} 的部件 {i.filename} 压缩比异常（疑似压缩炸弹），拒绝打开。")
    parts = {i.filename for i in infos}
    if len(parts) != len(infos):        # readers differ on which copy of a name they take
        raise UntrustedFileError(f"{name} 内有同名的部件，不像正常的工作簿，拒绝打开。")
    if "xl/workbook.xml" not in parts:
        if "mimetype" in parts or "content.xml" in parts:
            raise UntrustedFileError(f"{name} 是 OpenDocument 表格（.ods），不是 Excel 工作簿：{_SAVE_AS}")
        raise UntrustedFileError(f"{name} 不是 Excel 工作簿：缺少 xl/workbook.xml。")


def _ole_message(path: Path) -> str:
    """An OLE compound file is either an encrypted .xlsx/.xlsm or a legacy .xls."""
    data = path.read_bytes()
    if "EncryptedPackage".encode("utf-16-le") in data:
        return (f"{path.name} 设有打开密码（已加密），无法读取：请在 Excel 中打开，点“文件 → 信息 → "
                "保护工作簿 → 用密码进行加密”，删除密码并保存后再试。")
    return f"{path.name} 是旧版 Excel 97-2003 工作簿（.xls），本工具只读 .xlsx/.xlsm：{_SAVE_AS}"


def _not_zip_message(path: Path) -> str:
    with path.open("rb") as f:
        head = f.read(4096)
    if head.startswith(b"%PDF"):
        return f"{path.name} 是 PDF 文件（可能是改了扩展名的其他文件），不是工作簿：请使用原来的 Excel 文件。"
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = head[:-3].decode("gb18030")
        except UnicodeDecodeError:
            text = ""
    if text and "\x00" not in text:
        kind = "CSV 或文本文件" if ("," in text or "\t" in text) else "文本文件"
        return f"{path.name} 是{kind}，不是 Excel 工作簿：{_SAVE_AS}"
    return f"{path.name} 不是 Excel 工作簿（.xlsx/.xlsm）：文件内容不对，可能是改了扩展名的其他文件。"


def _sheet_parts(z: zipfile.ZipFile, name: str) -> list[tuple[str, str]]:
    """(sheet name, part path) for every worksheet, from the workbook and its relationships."""
    try:
        book, rels = z.read("xl/workbook.xml"), z.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return []
    try:
        sheets = _elements(book, "sheet", ("name", "id"))
        targets = {rid: target or "" for rid, target in _elements(rels, "Relationship",
                                                                  ("Id", "Target"))}
    except (expat.ExpatError, _Entity):
        raise UntrustedFileError(f"{name} 已损坏：xl/workbook.xml 无法解析。") from None
    parts = set(z.namelist())
    out = []
    for sheet, rid in sheets:
        target = targets.get(rid, "")
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
            posixpath.join("xl", target))
        if part in parts:
            out.append((sheet or "", part))
    return out


def _elements(xml: bytes, local: str, attributes: tuple[str, ...]) -> list[tuple[str | None, ...]]:
    """The given attributes (by local name) of every element named `local`, in order; an
    entity declaration is refused (expat, with no DTD or entity ever loaded)."""
    found: list[tuple[str | None, ...]] = []

    def start(tag: str, attrs: dict[str, str]) -> None:
        if tag.rpartition(":")[2] == local:
            by_local = {k.rpartition(":")[2]: v for k, v in attrs.items()}
            found.append(tuple(by_local.get(a) for a in attributes))

    parser = expat.ParserCreate()
    parser.StartElementHandler = start
    parser.EntityDeclHandler = _no_entities
    parser.Parse(xml, True)
    return found


class _Scan:
    """Stream one sheet's XML: the last row and column holding a value, and the cell count.

    Rows and cells without an `r` attribute follow the one before (as the format allows).
    """

    def __init__(self, file: str, sheet: str) -> None:
        self.file, self.sheet = file, sheet
        self.row = self.col = self.rows = self.columns = self.cells = 0
        self.pending: tuple[int, int] | None = None     # the open cell, until it shows a value

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        local = tag.rpartition(":")[2]
        if local == "c":
            self.cells += 1
            if self.cells > MAX_CELLS:
                self.check(0, 0, self.cells)
            ref = attrs.get("r")
            m = _REF.match(ref) if ref else None
            if m:
                self.row, self.col = int(m.group(2)), _column_number(m.group(1))
            else:
                self.col += 1
            self.pending = (self.row, self.col)
        elif local in ("v", "is") and self.pending is not None:
            row, col = self.pending
            self.pending = None
            if row > self.rows or col > self.columns:
                self.rows, self.columns = max(row, self.rows), max(col, self.columns)
                self.check(self.rows, self.columns, self.cells)
        elif local == "row":
            r = attrs.get("r")
            self.row = int(r) if r and r.isdigit() else self.row + 1
            self.col = 0

    def check(self, rows: int, columns: int, cells: int) -> None:
        """Refuse a sheet whose measures are over the bounds."""
        if cells > MAX_CELLS:
            self.refuse(f"有超过 {MAX_CELLS:,} 个单元格")
        if rows > MAX_ROWS:
            self.refuse(f"第 {rows} 行有内容，超过 {MAX_ROWS:,} 行上限")
        if columns > MAX_COLUMNS:
            self.refuse(f"第 {columns} 列有内容，超过 {MAX_COLUMNS:,} 列上限")
        if rows * columns > MAX_AREA:
            self.refuse(f"内容占 {rows:,} 行 × {columns:,} 列，超过 {MAX_AREA:,} 个单元格的上限")

    def refuse(self, why: str) -> None:
        raise UntrustedFileError(f"{self.file} 的工作表“{self.sheet}”{why}，不像正常的自评表，拒绝打开。"
                                 "（如果确实需要，请删除多余的行列后再试。）")


class _Entity(Exception):
    """An entity declaration in a sheet: never in a real workbook, refused (billion laughs)."""


def _no_entities(*_args: object) -> None:
    raise _Entity


_VALUED = re.compile(rb'<c r="([A-Z]{1,3})(\d{1,7})"[^>/]*>')   # a cell that is not `<c …/>`
FAST_PART_BYTES = 32 * 2**20

SMALL = Extent(999, 26, MAX_CELLS)
"""The bound a sheet is seen to lie within in one pass (:func:`_small`)."""
_NOT_SMALL = re.compile(                # a literal start (`<c`), so the search skips ahead fast
    rb'<c(?: r="(?:[A-Z]{2}|[A-Z]\d{4})'  # a cell beyond column Z or row 999
    rb'|[ >](?!r="))')                    # a cell without its address first (the slow path's)
_MIN_CELL_BYTES = len(b'<c r=""/>') + 2      # the shortest cell record: two characters of address


def _small(data: bytes) -> bool:
    """Whether a sheet's XML lies within :data:`SMALL`, seen in one search: every cell written
    the common way inside A1:Z999, no prefixed cell names, no document type declaration (where
    entities are declared: before the root element, which must open the part unprefixed), and
    too short to hold more than MAX_CELLS cell records. Anything else takes the slow path."""
    root = data.find(b"<worksheet", 0, 1024)
    return (root >= 0 and b"<!" not in data[:root] and len(data) < _MIN_CELL_BYTES * MAX_CELLS
            and b":c " not in data and _NOT_SMALL.search(data) is None)


def _extent(z: zipfile.ZipFile, file: str, sheet: str, part: str, exact: bool = True) -> Extent:
    """The sheet's extent: by one regular expression over the XML when every cell is written
    the common way (`<c r="B3" …>`, as Excel, WPS and openpyxl write it), else by streaming.
    Not `exact`: :data:`SMALL` for a sheet within it."""
    if z.getinfo(part).file_size <= FAST_PART_BYTES:
        data = z.read(part)
        if not exact and _small(data):
            return SMALL
        cells = data.count(b"<c ") + data.count(b"<c>")
        if cells == data.count(b'<c r="') and b":c " not in data and b"<!ENTITY" not in data:
            refs = _VALUED.findall(data)
            rows = max(map(int, {r for _, r in refs}), default=0)
            letters = max({c for c, _ in refs}, key=lambda c: (len(c), c), default=b"")
            scan = _Scan(file, sheet)
            scan.check(rows, _column_number(letters.decode()), cells)
            return Extent(rows, _column_number(letters.decode()), cells)
    scan = _Scan(file, sheet)
    parser = expat.ParserCreate()
    parser.StartElementHandler = scan.start
    parser.EntityDeclHandler = _no_entities
    try:
        with z.open(part) as stream:
            parser.ParseFile(stream)
    except (expat.ExpatError, _Entity):
        raise UntrustedFileError(f"{file} 的工作表“{sheet}”已损坏，无法读取。") from None
    return Extent(scan.rows, scan.columns, scan.cells)


def _column_number(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


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
