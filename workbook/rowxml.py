"""A worksheet's rows written as XML text while openpyxl saves, not built as elements.

openpyxl (without lxml) makes an element for each cell and has et_xmlfile serialise it, which
was half the time of saving a filled workbook (35,000 cells for 30 projects). Here each row is
written as one string, byte for byte what openpyxl's own cell writer writes for the cells we
make (numbers, text, booleans, errors, formulas); any other cell (a date, a hyperlink, rich
text, an array formula) is left to openpyxl's writer, in its place in the row.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from io import BytesIO
from zipfile import ZipInfo

from et_xmlfile.xmlfile import _IncrementalFileWriter
from openpyxl.cell._writer import write_cell as openpyxl_write_cell
from openpyxl.comments.comment_sheet import CommentRecord
from openpyxl.compat import safe_string
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.dimensions import RowDimension
from openpyxl.writer.excel import ExcelWriter

CellText = Callable[[object, object, str], str | None]
"""(worksheet, cell, address) → the cell's XML after its `<c r="…" s="…"`, or None for
openpyxl's own."""

_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"))
_ATTR_ESCAPES = (*_ESCAPES, ('"', "&quot;"), ("\r", "&#13;"), ("\n", "&#10;"), ("\t", "&#09;"))


def escape(text: str) -> str:
    """Element text as et_xmlfile escapes it."""
    for raw, escaped in _ESCAPES:
        if raw in text:
            text = text.replace(raw, escaped)
    return text


def _attr(text: str) -> str:
    for raw, escaped in _ATTR_ESCAPES:
        if raw in text:
            text = text.replace(raw, escaped)
    return text


def element(tag: str, text: str, attrs: str = "") -> str:
    """`<tag>text</tag>`, or `<tag />` when the text is empty, as et_xmlfile writes them."""
    return f"<{tag}{attrs}>{escape(text)}</{tag}>" if text else f"<{tag}{attrs} />"


def inline_text(text: str, preserve: bool = True) -> str:
    """`<is><t>…</t></is>`; with `preserve`, spaces around the text marked as kept, as
    openpyxl marks them."""
    space = ' xml:space="preserve"' if preserve and text.strip() and text != text.strip() else ""
    return f"<is>{element('t', text, space)}</is>"


def plain_cell(cell, spell: Callable[[str], str] | None = None) -> str | None:
    """The XML openpyxl writes for a cell holding a number, text, boolean, error or formula,
    after its `<c r="…" s="…"` (None for any other cell); `spell` rewrites the formula's text."""
    kind, value = cell.data_type, cell._value
    if cell.hyperlink:
        return None
    if kind == "f":
        if not isinstance(value, str):
            return None
        formula = spell(value) if spell else value
        return f'>{element("f", formula[1:])}<v /></c>'
    if kind == "s":
        if not isinstance(value, str):
            return None
        if not value:
            return ' t="inlineStr" />'
        return f' t="inlineStr">{inline_text(value)}</c>'
    if kind not in ("n", "b", "e"):
        return None
    if value is None or value == "":
        return f' t="{kind}" />'
    return f' t="{kind}">{element("v", safe_string(value))}</c>'


def _row_writer(cell_text: CellText):
    style_attrs: dict[bytes, str] = {}      # a cell's style → ` s="id"` ("" unstyled), this save
    row_attrs: dict[tuple, str] = {}        # a row's size, look… → its attributes, this save
    letters = _Letters()

    def write_row(self: WorksheetWriter, xf, row, row_idx: int) -> None:
        ws = self.ws
        et = isinstance(xf, _IncrementalFileWriter)
        r = str(row_idx)
        dim = ws.row_dimensions.get(row_idx)
        attrs = ""
        if dim is not None:
            held, style = dim.__dict__.get, dim._style
            key = (*(held(k, _MISSING) for k in _ROW_FIELDS),
                   None if style is None else style.tobytes())
            attrs = row_attrs.get(key)
            if attrs is None:
                attrs = row_attrs[key] = _row_attrs(dim)
        parts = [f'<row r="{r}"{attrs}>']
        styles = ws.parent._cell_styles
        for cell in row:
            if cell._comment is not None:
                ws._comments.append(CommentRecord.from_cell(cell))
            style = cell._style
            if style is None:
                s = ""
            else:
                key = style.tobytes()
                s = style_attrs.get(key)
                if s is None:
                    s = style_attrs[key] = f' s="{styles.add(style)}"' if any(style) else ""
            ref = letters[cell.column] + r
            if cell._value is None:
                if not s and cell._comment is None:
                    continue
                if cell.data_type == "n" and not cell.hyperlink:   # empty, with a look
                    parts.append(f'<c r="{ref}"{s} t="n" />')
                    continue
            text = cell_text(ws, cell, ref)
            if text is not None:
                parts.append(f'<c r="{ref}"{s}{text}')
            elif et:                            # openpyxl's writer, in its place in the row
                xf._file("".join(parts))
                parts.clear()
                openpyxl_write_cell(xf, ws, cell, bool(s))
            else:
                parts.append(_lxml_cell(ws, cell, bool(s)))
        parts.append("</row>")
        if et:
            xf._file("".join(parts))            # et_xmlfile: the text goes out as it is
        else:
            from lxml.etree import fromstring

            # parsed, a bare carriage return would be lost: lxml's own writer keeps it
            xf.write(fromstring("".join(parts).replace("\r", "&#13;")))

    return write_row


class _Letters(dict):
    """Column number → its letters, worked out once."""

    def __missing__(self, column: int) -> str:
        letter = self[column] = get_column_letter(column)
        return letter


_ROW_FIELDS = ("hidden", "outlineLevel", "collapsed", "ht", "thickBot", "thickTop")
_MISSING = object()


def _row_attrs(dim: RowDimension) -> str:
    """A row's attributes as openpyxl writes them (`dict(dim)`), without its descriptors."""
    ht = dim.ht
    styled = dim.has_style
    values = (("hidden", dim.hidden), ("outlineLevel", dim.outlineLevel),
              ("collapsed", dim.collapsed), ("ht", ht), ("customFormat", styled),
              ("customHeight", ht is not None), ("s", dim.style_id),
              ("thickBot", dim.thickBot), ("thickTop", dim.thickTop))
    return "".join(f' {k}="{_attr(safe_string(v))}"' for k, v in values if v)


def _lxml_cell(ws, cell, styled: bool) -> str:
    """A cell as openpyxl's element writer makes it, as text (openpyxl with lxml)."""
    from lxml.etree import tostring
    from openpyxl.cell._writer import etree_write_cell

    made = []
    etree_write_cell(_Collect(made), ws, cell, styled)
    return tostring(made[0], encoding=str)


class _Collect:
    """Stands in for an xmlfile writer: keeps the element written."""

    def __init__(self, into: list) -> None:
        self.write = into.append


def _write_worksheet(self: ExcelWriter, ws) -> None:
    """openpyxl's `ExcelWriter.write_worksheet`, the sheet's XML made in memory instead of in a
    temporary file written, read back and removed (a tenth of saving, most of it system time);
    the part is stored as `ZipFile.write` would store that file."""
    if self.workbook.write_only:
        _OPENPYXL_WRITE_WORKSHEET(self, ws)
        return
    ws._drawing = SpreadsheetDrawing()
    ws._drawing.charts = ws._charts
    ws._drawing.images = ws._images
    out = BytesIO()
    writer = WorksheetWriter(ws, out)
    writer.write()
    ws._rels = writer._rels
    part = ZipInfo(ws.path[1:], time.localtime()[:6])
    part.external_attr = _TEMP_FILE_MODE << 16
    part.compress_type = self._archive.compression
    part._compresslevel = self._archive.compresslevel
    self._archive.writestr(part, out.getvalue())
    self.manifest.append(ws)


_OPENPYXL_WRITE_WORKSHEET = ExcelWriter.write_worksheet
_TEMP_FILE_MODE = 0o100600      # a file `tempfile` made: regular, read-write for its owner


@contextlib.contextmanager
def writing_rows(cell_text: CellText) -> Iterator[None]:
    """While inside, openpyxl writes each row of every sheet it saves as text, each cell's
    from `cell_text`, and each sheet's XML in memory."""
    original = WorksheetWriter.write_row
    WorksheetWriter.write_row = _row_writer(cell_text)
    ExcelWriter.write_worksheet = _write_worksheet
    try:
        yield
    finally:
        WorksheetWriter.write_row = original
        ExcelWriter.write_worksheet = _OPENPYXL_WRITE_WORKSHEET
