"""Numbers a cell shows as percentages, read back as the percentage the clerk typed.

Excel and Calc store a typed `95%` as the number 0.95 and give the cell a % format; a reader
that took the bare 0.95 would score it as 0.95 of a `≥ 90%` target. So a number in a
%-formatted cell is read as the text `95%`, which every number field of the engine reads as
0.95 again and every target or actual reads as a percentage.

python-calamine gives values without formats, so :class:`PercentCells` finds the
%-formatted cells of a workbook from its own parts (styles, then each sheet's cell styles),
each sheet's part found as the reader finds it (:mod:`workbook.book_parts`).
"""

from __future__ import annotations

import io
import re

from .book_parts import BookParts, Declared
from .formula import parse_ref

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_BUILTIN_PERCENT = {9, 10}                  # 0% and 0.00%
_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')
_CELL = re.compile(rb"<(?:\w+:)?c\s([^>]*?)/?>")
_ATTR = re.compile(rb'\b(r|s)="([^"]*)"')


def is_percent_format(code: str | None) -> bool:
    """Whether an Excel number format shows its number as a percentage (`0%`, `0.0%`)."""
    return bool(code) and "%" in _QUOTED.sub("", str(code))


def percent_text(x: float) -> str:
    """0.95 → `95%`, 0.8226 → `82.26%`: the percentage as typed (binary residue rounded off)."""
    return f"{round(x * 100, 12):.15g}%"


def as_shown(value: object, number_format: str | None) -> object:
    """A cell's value as read: a number in a %-formatted cell becomes its percentage text."""
    if isinstance(value, int | float) and not isinstance(value, bool) and \
            is_percent_format(number_format):
        return percent_text(value)
    return value


class PercentCells:
    """The %-formatted cells of a workbook's sheets, read from its parts only when asked
    (most forms hold no number where a % would matter, and reading costs a parse)."""

    def __init__(self, data: bytes) -> None:
        """`data`: the workbook's bytes, as the size check read them."""
        self.data = data
        self._styles: set[bytes] | None = None
        self._parts: dict[str, str] = {}
        self._sheets: dict[str, set[tuple[int, int]]] = {}

    def of(self, sheet: str) -> set[tuple[int, int]]:
        """The (row, column) numbers of the %-formatted cells of `sheet`; empty when there
        are none or the parts cannot be read (then numbers are read as numbers)."""
        if sheet not in self._sheets:
            self._sheets[sheet] = self._read(sheet)
        return self._sheets[sheet]

    def _read(self, sheet: str) -> set[tuple[int, int]]:
        import zipfile  # with shutil and the compression modules, for the few forms that ask

        try:
            with zipfile.ZipFile(io.BytesIO(self.data)) as z:
                if self._styles is None:
                    book = BookParts(z)
                    folder = "xl/" if book.folder is None else book.folder
                    styles = book.read(book.part(folder + "styles.xml"))
                    self._styles = _percent_styles(styles) if styles else set()
                    self._parts = dict(book.sheets) if self._styles else {}
                part = self._parts.get(sheet)
                if not self._styles or part is None or part not in z.namelist():
                    return set()
                return _styled_cells(z.read(part), self._styles)
        except (KeyError, OSError, zipfile.BadZipFile, ValueError, OverflowError, Declared):
            self._styles = self._styles or set()
            return set()


def _percent_styles(styles: bytes) -> set[bytes]:
    """The indices (as written in a cell's `s`) of the cell styles with a % format.

    defusedxml, and with it xml.etree (~15 M instructions), is imported here: only a form
    with numbers where texts go has its styles read.

    Raises:
        ValueError: the styles are not well-formed XML, or declare entities or a DTD.
    """
    from defusedxml import ElementTree

    try:
        root = ElementTree.fromstring(styles)
    except ElementTree.ParseError as exc:
        raise ValueError(f"styles: {exc}") from None
    codes = {int(f.get("numFmtId", -1)): f.get("formatCode", "")
             for f in root.iter(f"{_MAIN}numFmt")}
    xfs = root.find(f"{_MAIN}cellXfs")
    out: set[bytes] = set()
    for k, xf in enumerate(xfs if xfs is not None else []):
        fmt = int(xf.get("numFmtId", 0))
        if fmt in _BUILTIN_PERCENT or is_percent_format(codes.get(fmt)):
            out.add(str(k).encode())
    return out


def _styled_cells(xml: bytes, styles: set[bytes]) -> set[tuple[int, int]]:
    out: set[tuple[int, int]] = set()
    for m in _CELL.finditer(xml):
        attrs = dict(_ATTR.findall(m.group(1)))
        if attrs.get(b"s") in styles and b"r" in attrs:
            ref = parse_ref(attrs[b"r"].decode())
            out.add((ref.row, ref.col))
    return out


def show_percents(grid: list[list[object]], cells: set[tuple[int, int]] | None) -> list[list[object]]:
    """A values grid starting at A1 (as python-calamine reads a sheet) with the numbers of
    `cells` (from :class:`PercentCells`) read as their percentage text; changed in place."""
    for r, c in cells or ():
        if r <= len(grid) and c <= len(grid[r - 1]):
            grid[r - 1][c - 1] = as_shown(grid[r - 1][c - 1], "0%")
    return grid
