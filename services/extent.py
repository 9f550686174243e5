"""How far a sheet reaches, measured before a reader allocates its grid.

A reader (python-calamine) allocates one slot for every cell from A1 to the last row and column
holding a value, and aborts the whole process when that is too large: a 5 KB sheet with values
in A1 and XFD1048576 asks for 17 billion. So every sheet is measured first, placing each cell
exactly as the reader places it:

- a cell with an address (`r`, letters then digits, either case) is where its address says;
  the next cells without one follow it in the same row;
- a cell without an address is in the current row, one column after the cell before it;
- a row with `r` sets the current row; the end of a row moves to the next row, column 1
  (`<row …/>` and `<c …/>` are read as an opening and a closing tag);
- only cells holding a value (`<v>`, `<is>`) count towards the extent; tag names may carry a
  namespace prefix, the `r` attribute may not;
- an address of more than 3 letters or 7 digits is refused (the reader's arithmetic wraps).

Most sheets (Excel's, WPS's, openpyxl's, ours) write every cell as `<c r="B3" s="5" t="s">`
(the address first, then only the usual attributes, each once, double-quoted): those are
measured with one regular expression over the XML. The audit, which only needs the refusal,
asks for less: a sheet seen in one search to lie inside A1:Z999 passes with that bound
(:data:`SMALL`). Anything written otherwise is streamed through expat (entity declarations
refused) with the rules above.
"""

from __future__ import annotations

import re
from typing import IO, Protocol
from xml.parsers import expat

from pyfuncs.engine.record import record
from workbook.formula.tree import col_number

from .limits import MAX_AREA, MAX_CELLS, MAX_COLUMNS, MAX_ROWS


@record(frozen=True)
class Extent:
    """A sheet's used block, from A1 to the last row and column that hold a value."""

    rows: int = 0
    columns: int = 0
    cells: int = 0          # cell records, with a value or not


class Refused(Exception):
    """The sheet is too large or malformed; the argument says why, in Chinese, as it follows
    “file 的工作表“sheet”” (the caller adds those)."""


_TOO_LARGE = "，不像正常的自评表，拒绝打开。（如果确实需要，请删除多余的行列后再试。）"


class Damaged(Exception):
    """The sheet's XML cannot be parsed, or declares an entity."""


class Parts(Protocol):
    def getinfo(self, name: str) -> object: ...
    def read(self, name: str) -> bytes: ...
    def open(self, name: str) -> IO[bytes]: ...


SMALL = Extent(999, 26, MAX_CELLS)
"""The bound a sheet is seen to lie within in one pass (:func:`_small`)."""
FAST_PART_BYTES = 32 * 2**20            # a larger sheet is always streamed

_TAG_REST = (rb'((?: (?:s|t|cm|vm|ph)="[^"<>]*")*) ?(/?)>')   # the other attributes, plainly
_CELL = re.compile(rb'<c r="([A-Z]{1,3})(\d{1,7})"' + _TAG_REST)  # a cell written the common way
_ODD_CELL = re.compile(                 # a cell written any other way (no address first…)
    rb'<c(?: (?!r=")|[\t\n\r>/])')
_PREFIXED_CELL = re.compile(rb':c[ \t\n\r>/]')
_NOT_SMALL = re.compile(                # a literal start (`<c`), so the search skips ahead fast
    rb'<c(?=[ \t\n\r>/])'                              # a cell…
    rb'(?! r="[A-Z][1-9]\d{0,2}+"(?: [st]="\w{1,9}+"){0,2}+ ?+/?+>)')  # …not plainly in Z999
# (possessive: nothing here can match by giving back, and the search is a quarter cheaper)
_MIN_CELL_BYTES = len(b'<c r=""/>') + 2      # the shortest cell record: two characters of address
_ADDRESS = re.compile(r"([A-Za-z]{0,3})(\d{1,7})")


def measure(parts: Parts, part: str, exact: bool = True) -> Extent:
    """The extent of the sheet in `part` (see the module's rules).

    Args:
        exact: measure exactly; otherwise a sheet within :data:`SMALL` gets that bound.
    Raises:
        Refused: over a bound in :mod:`services.limits`, or an address the reader would misread.
        Damaged: not well-formed XML, or an entity declaration.
    """
    if parts.getinfo(part).file_size <= FAST_PART_BYTES:      # type: ignore[attr-defined]
        data = parts.read(part)
        if not exact and _small(data):
            return SMALL
        if (_ODD_CELL.search(data) is None and _PREFIXED_CELL.search(data) is None
                and b"<!ENTITY" not in data):
            cells = data.count(b'<c r="')
            found = _CELL.findall(data)
            if len(found) == cells:         # every cell plain: measured from the matches
                valued = [(c, r) for c, r, _attrs, empty in found if not empty]
                rows = max(map(int, {r for _, r in valued}), default=0)
                letters = max({c for c, _ in valued}, key=lambda c: (len(c), c), default=b"")
                extent = Extent(rows, col_number(letters.decode()), cells)
                check(extent)
                return extent
    scan = _Scan()
    parser = expat.ParserCreate()
    parser.StartElementHandler = scan.start
    parser.EndElementHandler = scan.end
    parser.EntityDeclHandler = no_entities
    try:
        with parts.open(part) as stream:
            parser.ParseFile(stream)
    except (expat.ExpatError, Entity):
        raise Damaged from None
    return Extent(scan.rows, scan.columns, scan.cells)


def _small(data: bytes) -> bool:
    """Whether a sheet's XML lies within :data:`SMALL`, seen in one search: every cell written
    the common way inside A1:Z999, no prefixed cell names, no document type declaration (where
    entities are declared: before the root element, which must open the part unprefixed), and
    too short to hold more than MAX_CELLS cell records. Anything else takes the slow path."""
    root = data.find(b"<worksheet", 0, 1024)
    return (root >= 0 and b"<!" not in data[:root] and len(data) < _MIN_CELL_BYTES * MAX_CELLS
            and _PREFIXED_CELL.search(data) is None and _NOT_SMALL.search(data) is None)


def check(extent: Extent) -> None:
    """Refuse measures over the bounds."""
    rows, columns, cells = extent.rows, extent.columns, extent.cells
    if cells > MAX_CELLS:
        raise Refused(f"有超过 {MAX_CELLS:,} 个单元格" + _TOO_LARGE)
    if rows > MAX_ROWS:
        raise Refused(f"第 {rows} 行有内容，超过 {MAX_ROWS:,} 行上限" + _TOO_LARGE)
    if columns > MAX_COLUMNS:
        raise Refused(f"第 {columns} 列有内容，超过 {MAX_COLUMNS:,} 列上限" + _TOO_LARGE)
    if rows * columns > MAX_AREA:
        raise Refused(f"内容占 {rows:,} 行 × {columns:,} 列，超过 {MAX_AREA:,} 个单元格的上限" + _TOO_LARGE)


class _Scan:
    """Stream one sheet's XML, placing each cell as the reader does (the module's rules)."""

    def __init__(self) -> None:
        self.row = self.col = 0                 # where a cell without an address goes (0-based)
        self.rows = self.columns = self.cells = 0
        self.pending: tuple[int, int] | None = None     # the open cell, until it shows a value

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        local = tag.rpartition(":")[2]
        if local == "c":
            self.cells += 1
            if self.cells > MAX_CELLS:
                check(Extent(0, 0, self.cells))
            ref = attrs.get("r")
            if ref is not None:
                row, self.col = _address(ref)
                if self.col < 0:
                    raise Refused(_bad_address(ref))
                self.pending = (row, self.col)
            else:
                self.pending = (self.row, self.col)
        elif local in ("v", "is") and self.pending is not None:
            row, col = self.pending
            self.pending = None
            if row + 1 > self.rows or col + 1 > self.columns:
                self.rows, self.columns = max(row + 1, self.rows), max(col + 1, self.columns)
                check(Extent(self.rows, self.columns, self.cells))
        elif local == "row":
            r = attrs.get("r")
            if r is not None:
                self.row = _address(r)[0]

    def end(self, tag: str) -> None:
        local = tag.rpartition(":")[2]
        if local == "c":
            self.pending = None
            self.col += 1
        elif local == "row":
            self.row, self.col = self.row + 1, 0


def _address(ref: str) -> tuple[int, int]:
    """(row, column), 0-based, of an address as the reader reads it; column -1 when the address
    has no letters. Raises :class:`Refused` for one the reader would misread or reject."""
    m = _ADDRESS.fullmatch(ref)
    if m is None:
        raise Refused(_bad_address(ref))
    return int(m.group(2)) - 1, col_number(m.group(1).upper()) - 1


def _bad_address(ref: str) -> str:
    return f"有无效的单元格地址“{ref[:20]}”，文件可能已损坏，拒绝打开。"


class Entity(Exception):
    """An entity declaration: never in a real workbook, refused (billion laughs)."""


def no_entities(*_args: object) -> None:
    raise Entity
