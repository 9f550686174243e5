"""Saving formulas together with their computed values — or the values alone.

openpyxl writes a formula cell as `<f>…</f><v/>`, with no value, so only a program that
recalculates shows anything. While :func:`save_workbook` saves, rows are written as text
(:mod:`workbook.rowxml`), and each formula cell we computed a value for (:mod:`workbook.values`)
is written as `<f>…</f><v>value</v>` with the right type — the formula stays live for Excel users — or,
for a values-only copy, as the value alone. A workbook for xlwings Lite is saved with its JX_
calls spelled as Lite's custom functions (:func:`workbook.formula.lite.lite_formula`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping
from pathlib import Path

from openpyxl import Workbook
from openpyxl.compat import safe_string

from pyfuncs.engine.errors import JixiaoError
from pyfuncs.xlerror import XlError, is_error

from . import layout as L
from .cells import writable
from .formula.lite import lite_formula
from .paper import black_on_white
from .rowxml import CellText, element, inline_text, plain_cell, writing_rows
from .sheetparts import writing_parts

SheetValues = Mapping[str, Mapping[str, object]]


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


def _cell_writer(values: SheetValues, values_only: bool,
                 spell: Callable[[str], str] = _unchanged) -> CellText:
    """Each cell's XML: a formula cell we computed a value for with its value (or, values only,
    the value alone), any other as openpyxl writes it, a formula spelled by `spell`. A cell's
    text depends only on what it holds and shows, so each is made once a save: most repeat,
    sheet after sheet (labels, and the formulas of unused rows with their blank values)."""
    made: dict[tuple, str | None] = {}
    shown_on: list = [None, {}]         # the sheet last asked about, and its values

    def cell_text(ws, cell, ref: str) -> str | None:
        value, kind = cell._value, cell.data_type
        if kind != "f":
            if not _same_text(value) or cell._hyperlink is not None:
                return plain_cell(cell)
            key: tuple = (kind, value.__class__, value)
            text = made.get(key, _MISSING)
            if text is _MISSING:
                text = made[key] = plain_cell(cell)
            return text
        if shown_on[0] is not ws:
            shown_on[:] = ws, values.get(ws.title) or {}
        shown = shown_on[1].get(ref, _MISSING)
        if value.__class__ is not str or cell._hyperlink is not None or shown is _MISSING:
            return plain_cell(cell, spell)          # no value to write: the formula alone
        if not _same_text(shown):
            return formula_text(value, shown, values_only, spell)
        key = ("f", value, shown.__class__, shown)
        text = made.get(key, _MISSING)
        if text is _MISSING:
            text = made[key] = formula_text(value, shown, values_only, spell)
        return text

    return cell_text


_MISSING = object()


def _same_text(value: object) -> bool:
    """Whether every value equal to `value` and of its type is written as the same text: not
    for 0.0 (-0.0 is equal and written `-0`), nor anything but text, numbers and booleans."""
    kind = value.__class__
    return kind is str or kind is bool or kind is int or kind is XlError or (
        kind is float and value != 0.0)


def formula_text(formula: str, shown: object, values_only: bool,
                 spell: Callable[[str], str]) -> str:
    """A formula cell's XML after its `<c r="…" s="…"`: the formula with the value it shows
    (or, values only, the value alone)."""
    kind, text = encode(shown)
    t = f' t="{kind}"' if kind else ""
    if not values_only:
        return f'{t}>{element("f", spell(formula)[1:])}{element("v", text)}</c>'
    if kind == "str":
        if not text:
            return " />"
        return f' t="inlineStr">{inline_text(text, preserve=False)}</c>'
    return f'{t}>{element("v", text)}</c>'


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
        with writing_rows(_cell_writer(values or {}, values_only,
                                       lite_formula if lite else _unchanged)), writing_parts(), \
                (black_on_white(wb) if values_only else contextlib.nullcontext()):
            wb.save(path)
    finally:
        wb.vba_archive = vba
        wb.calculation.fullCalcOnLoad = full_calc
        for index, ws in sorted(left_out, key=lambda x: x[0]):    # `wb` is left as it was
            wb._add_sheet(ws, index)
    return path

