"""Writing a sheet from its description (:mod:`workbook.layout.sheet`) with openpyxl: the one
builder of every sheet we lay out."""

from __future__ import annotations

from array import array
from collections.abc import Mapping
from copy import copy
from typing import TypeVar

from openpyxl.cell.cell import Cell as SheetCell
from openpyxl.cell.cell import MergedCell
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles.cell_style import StyleArray
from openpyxl.worksheet.cell_range import CellRange, MultiCellRange
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.dimensions import ColumnDimension, RowDimension
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from . import styles as S
from .cells import set_value
from .layout.sheet import INPUT, Cell, SheetSpec
from .pages import set_breaks

Size = TypeVar("Size", RowDimension, ColumnDimension)


def write_sheet(ws: Worksheet, spec: SheetSpec, inputs: Mapping[str, object] | None = None) -> None:
    """Lay `spec` out on the empty worksheet `ws`.

    Args:
        ws: a new worksheet.
        spec: the sheet's description.
        inputs: logical field → value for input cells that start filled (目录's 单位).
    """
    for col, width in spec.widths.items():
        ws.column_dimensions[col].width = width
    looks: dict[tuple, StyleArray | None] = {}
    for address, cell in spec.cells.items():
        _write_cell(ws, address, cell, inputs or {}, looks)
    merged: dict[tuple, StyleArray | None] = {}
    for span in spec.merges:
        _merge(ws, span, merged)
    for row, height in spec.heights.items():
        ws.row_dimensions[row].height = height
    _finish(ws, spec)


def copy_sheet(source: Worksheet, spec: SheetSpec, title: str) -> Worksheet:
    """A new sheet, last in the workbook, laid out like `source` (itself written from `spec`).

    Cells (value, type, style), sizes, merges and page set-up are copied — a fifth of the cost
    of openpyxl's `copy_worksheet`, which copies each style through `copy` and works out each
    merge's borders anew; the rest of the sheet (validations, conditional formats, print area
    and titles, footer, panes, protection) is then set from `spec`, as :func:`write_sheet` does.
    """
    ws = source.parent.create_sheet(title)
    cells = ws._cells
    new_cell, new_merged = SheetCell.__new__, MergedCell.__new__
    for at, cell in source._cells.items():
        # each cell made as openpyxl's constructor makes it, its slots set here: the
        # constructor's calls were half the cost of a copy
        merged = type(cell) is MergedCell
        copied = new_merged(MergedCell) if merged else new_cell(SheetCell)
        copied.parent, copied.row, copied.column = ws, cell.row, cell.column
        copied._style = _own(cell._style)
        if not merged:
            copied._value, copied.data_type = cell._value, cell.data_type
            copied._hyperlink = copied._comment = None
            if cell._hyperlink is not None:
                copied._hyperlink = copy(cell._hyperlink)
            if cell._comment is not None:
                copied.comment = copy(cell._comment)
        cells[at] = copied
    for attr in ("row_dimensions", "column_dimensions"):
        target = getattr(ws, attr)
        for key, dim in getattr(source, attr).items():
            target[key] = _dimension(dim, ws)
    for attr in ("sheet_format", "sheet_properties", "page_margins", "page_setup",
                 "print_options"):
        setattr(ws, attr, copy(getattr(source, attr)))
    ws.merged_cells = MultiCellRange({_merged(ws, r) for r in source.merged_cells.ranges})
    _finish(ws, spec)
    return ws


def _merge(ws: Worksheet, span: str, seen: dict[tuple, StyleArray | None]) -> None:
    """`ws.merge_cells(span)`, its cells' borders and protection taken from a span merged before
    whose top-left cell looked the same, where there was one (openpyxl works each border
    out anew, adding `Border` objects cell by cell: two thirds of laying a sheet out)."""
    merged = MergedCellRange(ws, span)      # the top-left cell takes the bottom-right's borders
    ws.merged_cells.add(merged)
    start = merged.start_cell
    first = (merged.min_row, merged.min_col)
    base = (tuple(start._style or ()), _edges(merged, *first))
    keys = {at: (*base, _edges(merged, *at), at == first) for at in merged.cells}
    if any(key not in seen for key in keys.values()):
        ws._clean_merge_range(merged)       # openpyxl's own, its outcome kept for the next span
        for at, key in keys.items():
            style = ws._cells[at]._style
            seen[key] = _own(style)
        return
    for at, key in keys.items():
        cell = start if at == first else MergedCell(ws, *at)
        style = seen[key]
        cell._style = _own(style)
        ws._cells[at] = cell


_new_style = array.__new__       # StyleArray(style) without its Python-level constructor


def _own(style: StyleArray | None) -> StyleArray | None:
    """A cell's style ids as a copy of its own (a cell's StyleArray is changed in place),
    made without StyleArray's Python-level constructor."""
    return None if style is None else _new_style(StyleArray, "i", style)


def _edges(span: CellRange, row: int, col: int) -> tuple[bool, bool, bool, bool]:
    """Whether (row, col) is on the span's top, left, right and bottom edge."""
    return (row == span.min_row, col == span.min_col, col == span.max_col, row == span.max_row)


def _dimension(dim: Size, ws: Worksheet) -> Size:
    """A row's or column's size and look for `ws` (what `copy` makes, without running each
    attribute through openpyxl's checks again)."""
    copied = type(dim).__new__(type(dim))
    copied.__dict__.update(dim.__dict__)
    copied.parent = ws
    copied._style = _own(dim._style)
    return copied


_BLANK_ROW = RowDimension(None)


def row_dimension(ws: Worksheet, row: int) -> RowDimension:
    """`ws.row_dimensions[row]`, made blank if missing, without openpyxl's checks: its
    dictionary sets the row number on every look-up, and makes a missing row through every
    attribute's check — a fifth of typing a form in."""
    dim = ws.row_dimensions.get(row)
    if dim is None:
        dim = _dimension(_BLANK_ROW, ws)
        dim.__dict__["index"] = row
        dict.__setitem__(ws.row_dimensions, row, dim)
    return dim


def _merged(ws: Worksheet, span: CellRange) -> MergedCellRange:
    """`span` merged on `ws`, whose cells already carry the merge's borders (copied)."""
    merged = MergedCellRange.__new__(MergedCellRange)
    CellRange.__init__(merged, min_col=span.min_col, min_row=span.min_row,
                       max_col=span.max_col, max_row=span.max_row)
    merged.ws = ws
    merged.start_cell = ws._cells[(span.min_row, span.min_col)]
    return merged


def _finish(ws: Worksheet, spec: SheetSpec) -> None:
    """The parts of a sheet beyond its cells."""
    for row in spec.hidden_rows:
        ws.row_dimensions[row].hidden = True
    for v in spec.validations:
        _validation(ws, v)
    for c in spec.conditionals:
        rule = FormulaRule(formula=[c.condition.render()], fill=S.FILLS[c.fill],
                           font=S.FONTS[c.font] if c.font else None, stopIfTrue=c.stop or None)
        ws.conditional_formatting.add(c.span, rule)
    _page(ws, spec)
    if spec.freeze:
        ws.freeze_panes = spec.freeze
    if spec.locking is not None:
        _lock(ws, spec)
    if spec.hidden:
        ws.sheet_state = "hidden"


def _write_cell(ws: Worksheet, address: str, spec: Cell, inputs: Mapping[str, object],
                looks: dict[tuple, StyleArray | None]) -> None:
    cell = ws[address]
    if spec.expr is not None:
        cell.value = spec.expr.formula()
    elif spec.role == INPUT:
        value = inputs.get(spec.field, spec.value) if spec.field else spec.value
        if value is not None:
            set_value(cell, value)
    elif spec.value is not None:
        cell.value = spec.value
    # a look is styled once a sheet, then its style ids reused: openpyxl looks each font, fill
    # and border up in the workbook's lists by hashing it, most of the cost of laying out
    key = (tuple(cell._style or ()), spec.look, spec.number_format)
    if key in looks:
        style = looks[key]
        cell._style = _own(style)
        return
    look = spec.look
    if look.font:
        cell.font = S.FONTS[look.font]
    if look.border:
        cell.border = S.GRID
    if look.align:
        cell.alignment = S.ALIGNS[look.align]
    if look.locked is not None:
        cell.protection = S.LOCKED if look.locked else S.UNLOCKED
    if look.fill:
        cell.fill = S.FILLS[look.fill]
    if spec.number_format:
        cell.number_format = S.NUMBER_FORMATS.get(spec.number_format, spec.number_format)
    looks[key] = _own(cell._style)


def _validation(ws: Worksheet, v) -> None:
    if v.kind == "list":
        dv = DataValidation(type="list", formula1=v.formula, allow_blank=True,
                            showErrorMessage=False, showInputMessage=False)
    else:
        dv = DataValidation(type=v.kind, operator=v.operator, formula1=v.formula,
                            allow_blank=True, showErrorMessage=True, errorStyle="warning",
                            errorTitle=v.title, error=v.message)
    dv.sqref = MultiCellRange(v.span)
    ws.add_data_validation(dv)


def _page(ws: Worksheet, spec: SheetSpec) -> None:
    page = spec.page
    if page.area:
        ws.print_area = page.area
    if page.title_rows:
        ws.print_title_rows = f"{page.title_rows[0]}:{page.title_rows[1]}"
    if page.area and page.scale:
        S.a4_at_scale(ws, page.scale, landscape=page.landscape)
    elif page.area:
        S.a4_one_page_wide(ws, landscape=page.landscape)
    if page.centered:
        ws.print_options.horizontalCentered = True
    if page.margins:
        left, right, top, bottom, header, footer = page.margins
        ws.page_margins = PageMargins(left=left, right=right, top=top, bottom=bottom,
                                      header=header, footer=footer)
    if page.footer:
        ws.oddFooter.center.text = page.footer
    if page.zoom:
        ws.sheet_view.zoomScale = page.zoom
    if page.breaks:
        set_breaks(ws, page.breaks)
    if page.first_page_number is not None:
        ws.page_setup.firstPageNumber = page.first_page_number
        ws.page_setup.useFirstPageNumber = True


def _lock(ws: Worksheet, spec: SheetSpec) -> None:
    lock = spec.locking
    assert lock is not None
    ws.protection.sheet = lock.sheet
    for attr, value in (("insertRows", lock.insert_rows), ("deleteRows", lock.delete_rows),
                        ("formatRows", lock.format_rows), ("formatColumns", lock.format_columns),
                        ("formatCells", lock.format_cells)):
        if value is not None:
            setattr(ws.protection, attr, value)
