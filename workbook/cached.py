"""Saving formulas together with their computed values — or the values alone.

openpyxl writes a formula cell as `<f>…</f><v/>`, with no value, so only a program that
recalculates shows anything. While :func:`save_workbook` saves, openpyxl's cell writer is
wrapped so that each formula cell we computed a value for (:mod:`workbook.values`) is written
as `<f>…</f><v>value</v>` with the right type — the formula stays live for Excel users — or,
for a values-only copy, as the value alone. A workbook for xlwings Lite is saved with its JX_
calls spelled as Lite's custom functions (:func:`workbook.formula.lite.lite_formula`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import openpyxl.worksheet._writer as sheet_writer
from openpyxl import Workbook
from openpyxl.compat import safe_string
from openpyxl.xml.functions import Element, SubElement

from pyfuncs.engine.errors import JixiaoError
from pyfuncs.xlerror import is_error

from . import layout as L
from .cells import writable
from .formula.lite import lite_formula
from .paper import black_on_white

SheetValues = Mapping[str, Mapping[str, object]]
_original_write_cell = sheet_writer.write_cell


class NotAFinalCopy(JixiaoError, ValueError):
    """A values-only copy asked for as .xlsm, or before the formulas' values are known."""


class NotForLite(JixiaoError, ValueError):
    """A workbook for xlwings Lite asked for as .xlsm (its VBA functions have the same names)
    or as a values-only copy (which has no formulas to spell)."""


def encode(value: object) -> tuple[str | None, str]:
    """A cached value as the `t` attribute and the text of `<v>`."""
    if isinstance(value, bool):
        return "b", "1" if value else "0"
    if isinstance(value, int | float):
        return None, safe_string(value)
    if is_error(value):
        return "e", str(value)
    return "str", "" if value is None else writable(str(value))


def _unchanged(text: str) -> str:
    return text


@contextlib.contextmanager
def _writing_values(values: SheetValues, values_only: bool,
                    spell: Callable[[str], str] = _unchanged) -> Iterator[None]:
    def write_cell(xf, worksheet, cell, styled=None):
        sheet = values.get(worksheet.title)
        if cell.data_type != "f" or sheet is None or cell.coordinate not in sheet:
            if cell.data_type != "f" or spell is _unchanged or not isinstance(cell.value, str):
                return _original_write_cell(xf, worksheet, cell, styled)
            formula = cell.value                # no value to write: openpyxl's own cell
            cell.value = spell(formula)
            try:
                return _original_write_cell(xf, worksheet, cell, styled)
            finally:
                cell.value = formula
        attrs = {"r": cell.coordinate}
        if styled:
            attrs["s"] = f"{cell.style_id}"
        kind, text = encode(sheet[cell.coordinate])
        el = Element("c", attrs)
        if not values_only:
            if kind:
                attrs["t"] = kind
            SubElement(el, "f").text = spell(str(cell.value))[1:]
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
                  values_only: bool = False, lite: bool = False) -> Path:
    """Save `wb`: `.xlsm` keeps the VBA, `.xlsx` has none; `wb` itself is left unchanged.

    Args:
        wb: the workbook.
        path: where to write.
        values: sheet → cell → value for the formula cells (:func:`workbook_values`).
        values_only: write the values instead of the formulas (needs `values`, `.xlsx`);
            such a final copy also leaves out :data:`layout.NOT_IN_FINAL_COPY` and prints
            black on white (:func:`workbook.paper.black_on_white`).
        lite: for xlwings Lite: `.xlsx`, JX_ calls spelled as its custom functions.
    """
    path = Path(path)
    xlsm = path.suffix.lower() == ".xlsm"
    if values_only and (xlsm or values is None):
        raise NotAFinalCopy("只含数值的文件须保存为 .xlsx，并且要先算出各公式的值。")
    if lite and (xlsm or values_only):
        raise NotForLite("xlwings Lite 用的工作簿须保存为 .xlsx（不含宏），并且保留公式。")
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
        with _writing_values(values or {}, values_only, lite_formula if lite else _unchanged), \
                (black_on_white(wb) if values_only else contextlib.nullcontext()):
            wb.save(path)
    finally:
        wb.vba_archive = vba
        wb.calculation.fullCalcOnLoad = full_calc
        for index, ws in sorted(left_out, key=lambda x: x[0]):    # `wb` is left as it was
            wb._add_sheet(ws, index)
    return path

