"""Saving formulas together with their computed values — or the values alone.

openpyxl writes a formula cell as `<f>…</f><v/>`, with no value, so only a program that
recalculates shows anything. While :func:`save_workbook` saves, openpyxl's cell writer is
wrapped so that each formula cell we computed a value for (:mod:`workbook.values`) is written
as `<f>…</f><v>value</v>` with the right type — the formula stays live for Excel users — or,
for a values-only copy, as the value alone.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from pathlib import Path

import openpyxl.worksheet._writer as sheet_writer
from openpyxl import Workbook
from openpyxl.compat import safe_string
from openpyxl.xml.functions import Element, SubElement

from pyfuncs.engine.errors import JixiaoError
from pyfuncs.xlerror import is_error

from . import layout as L
from .cells import writable
from .paper import black_on_white

SheetValues = Mapping[str, Mapping[str, object]]
_original_write_cell = sheet_writer.write_cell


class NotAFinalCopy(JixiaoError, ValueError):
    """A values-only copy asked for as .xlsm, or before the formulas' values are known."""


def encode(value: object) -> tuple[str | None, str]:
    """A cached value as the `t` attribute and the text of `<v>`."""
    if isinstance(value, bool):
        return "b", "1" if value else "0"
    if isinstance(value, int | float):
        return None, safe_string(value)
    if is_error(value):
        return "e", str(value)
    return "str", "" if value is None else writable(str(value))


@contextlib.contextmanager
def _writing_values(values: SheetValues, values_only: bool) -> Iterator[None]:
    def write_cell(xf, worksheet, cell, styled=None):
        sheet = values.get(worksheet.title)
        if cell.data_type != "f" or sheet is None or cell.coordinate not in sheet:
            return _original_write_cell(xf, worksheet, cell, styled)
        attrs = {"r": cell.coordinate}
        if styled:
            attrs["s"] = f"{cell.style_id}"
        kind, text = encode(sheet[cell.coordinate])
        el = Element("c", attrs)
        if not values_only:
            if kind:
                attrs["t"] = kind
            SubElement(el, "f").text = str(cell.value)[1:]
            SubElement(el, "v").text = text
        elif kind == "str":
            if text:
                attrs["t"] = "inlineStr"
                SubElement(SubElement(el, "is"), "t").text = text
        else:
            if kind:
                attrs["t"] = kind
            SubElement(el, "v").text = text
        el.attrib.update(attrs)
        xf.write(el)
        return None

    sheet_writer.write_cell = write_cell
    try:
        yield
    finally:
        sheet_writer.write_cell = _original_write_cell


def save_workbook(wb: Workbook, path: Path, values: SheetValues | None = None, *,
                  values_only: bool = False) -> Path:
    """Save `wb`: `.xlsm` keeps the VBA, `.xlsx` has none; `wb` itself is left unchanged.

    Args:
        wb: the workbook.
        path: where to write.
        values: sheet → cell → value for the formula cells (:func:`workbook_values`).
        values_only: write the values instead of the formulas (needs `values`, `.xlsx`);
            such a final copy also leaves out :data:`layout.NOT_IN_FINAL_COPY` and prints
            black on white (:func:`workbook.paper.black_on_white`).
    """
    path = Path(path)
    xlsm = path.suffix.lower() == ".xlsm"
    if values_only and (xlsm or values is None):
        raise NotAFinalCopy("只含数值的文件须保存为 .xlsx，并且要先算出各公式的值。")
    vba = wb.vba_archive
    if not xlsm:
        wb.vba_archive = None
    left_out = [(wb.index(wb[n]), wb[n]) for n in L.NOT_IN_FINAL_COPY
                if values_only and n in wb.sheetnames]
    for _, ws in left_out:
        wb.remove(ws)
    # with every formula's value in the file, Excel need not recalculate on opening: without
    # Python (WPS, macros off, a viewer) the clerk sees the values, not #NAME?
    full_calc = wb.calculation.fullCalcOnLoad
    if values is not None:
        wb.calculation.fullCalcOnLoad = False
    try:
        with _writing_values(values or {}, values_only), \
                (black_on_white(wb) if values_only else contextlib.nullcontext()):
            wb.save(path)
    finally:
        wb.vba_archive = vba
        wb.calculation.fullCalcOnLoad = full_calc
        for index, ws in sorted(left_out, key=lambda x: x[0]):    # `wb` is left as it was
            wb._add_sheet(ws, index)
    return path
