"""Saving formulas together with their computed values.

openpyxl writes a formula cell as `<f>…</f><v/>`, with no value, so only a program that
recalculates shows anything. While :func:`save_with_values` saves, openpyxl's cell writer is
wrapped so that each formula cell we computed a value for (:mod:`workbook.values`) is written
as `<f>…</f><v>value</v>` with the right type — the formula stays live for Excel users.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from pathlib import Path

import openpyxl.worksheet._writer as sheet_writer
from openpyxl import Workbook
from openpyxl.compat import safe_string
from openpyxl.xml.functions import Element, SubElement

from pyfuncs.xlerror import is_error

SheetValues = Mapping[str, Mapping[str, object]]
_original_write_cell = sheet_writer.write_cell


def encode(value: object) -> tuple[str | None, str]:
    """A cached value as the `t` attribute and the text of `<v>`."""
    if isinstance(value, bool):
        return "b", "1" if value else "0"
    if isinstance(value, int | float):
        return None, safe_string(value)
    if is_error(value):
        return "e", str(value)
    return "str", "" if value is None else str(value)


@contextlib.contextmanager
def _writing_values(values: SheetValues) -> Iterator[None]:
    def write_cell(xf, worksheet, cell, styled=None):
        sheet = values.get(worksheet.title)
        if cell.data_type != "f" or sheet is None or cell.coordinate not in sheet:
            return _original_write_cell(xf, worksheet, cell, styled)
        attrs = {"r": cell.coordinate}
        if styled:
            attrs["s"] = f"{cell.style_id}"
        kind, text = encode(sheet[cell.coordinate])
        if kind:
            attrs["t"] = kind
        el = Element("c", attrs)
        SubElement(el, "f").text = str(cell.value)[1:]
        SubElement(el, "v").text = text
        xf.write(el)
        return None

    sheet_writer.write_cell = write_cell
    try:
        yield
    finally:
        sheet_writer.write_cell = _original_write_cell


def save_with_values(wb: Workbook, path: Path, values: SheetValues) -> None:
    """Save `wb` to `path` with `values` (sheet → cell → value) cached in its formula cells."""
    with _writing_values(values):
        wb.save(path)
